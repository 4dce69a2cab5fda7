import { describe, expect, it } from "vitest";
import type { FormatName } from "../src/transfer/formats/index.ts";
import { createTestApp } from "./helpers.ts";
import { fixture, importFile, issoDatabase, readThread } from "./import-helpers.ts";

// Each source's text as readers saw it there, and the sanitized HTML Parlor must show for it: the same examples in
// every format's own way of writing them (see each fixture). No stray backslashes, no <br>s inside code, no
// literal tags where the source rendered them.
const EMPHASIS = "<p>Take it <strong>slowly</strong> and <em>often</em>.</p>\n";
const PARAGRAPHS = "<p>First paragraph.</p>\n<p>Second paragraph.</p>\n";
const LINK = '<p>See <a href="https://cdc.example/flu" rel="nofollow ugc noopener">the CDC page</a>.</p>\n';
const INLINE_CODE = "<p>Run <code>npm_config_x *y*</code> now.</p>\n";
const PRE = "<pre><code>dose  = 2 * 5_mg\n  twice_a_day\n</code></pre>\n";
const PRE_CODE = "<pre><code>if (a &lt; b) { *x* }\n</code></pre>\n";
const LINE_BREAK = "<p>Line one<br />\nline two</p>\n";

const cases: {
  format: FormatName;
  file: string;
  uri: string;
  timezone?: string;
  expected: Record<string, string>;
}[] = [
  {
    format: "disqus",
    file: "disqus-markup.xml",
    uri: "/blog/markup",
    expected: {
      "Reader m1": EMPHASIS,
      "Reader m2": PARAGRAPHS,
      // Disqus puts the address in a title; it is kept, as the sanitizer keeps titles.
      "Reader m3": LINK.replace(
        'rel="nofollow ugc noopener"',
        'rel="nofollow ugc noopener" title="https://cdc.example/flu"',
      ),
      "Reader m4": INLINE_CODE,
      "Reader m5": PRE,
      "Reader m6": PRE_CODE,
      "Reader m7": LINE_BREAK,
    },
  },
  {
    format: "wordpress",
    file: "wordpress-6.9.xml",
    uri: "/flu-shots",
    expected: {
      "Tom & Jerry": EMPHASIS,
      "Dr. Lee": PARAGRAPHS,
      "O'Brien": LINK,
      Ana: INLINE_CODE,
      "Dr. Lee ": PRE,
      Ben: LINE_BREAK,
    },
  },
  {
    format: "isso",
    file: "isso-0.13.sql",
    uri: "/blog/markup",
    expected: {
      "Tom & Jerry <tj>": EMPHASIS,
      // Isso breaks lines only at blank lines: "First paragraph.\nstill the first." is one line there.
      "O'Brien & Sons": "<p>First paragraph. still the first.</p>\n<p>Second paragraph.</p>\n",
      Ana: LINK,
      Ben: INLINE_CODE,
      Cleo: PRE,
      Dan: PRE_CODE,
      // Isso's own Disqus import kept the message HTML as the text.
      "Disqus Dora": LINE_BREAK,
      "Disqus Eli": PARAGRAPHS + PRE,
    },
  },
  {
    format: "remark42",
    file: "remark42-backup.jsonl",
    uri: "/blog/remark",
    expected: {
      "Tom & Jerry": EMPHASIS,
      "Dr. Lee": PARAGRAPHS,
      Ines: LINK,
      "Ines ": INLINE_CODE,
      // Remark42's highlighter wraps each line of code in spans.
      "Dr. Lee ": PRE,
      // Imported into Remark42 from Disqus: HTML only, no Markdown.
      "Zoë & Max": LINE_BREAK,
    },
  },
  {
    format: "waline",
    file: "waline-sqlite.json",
    uri: "/blog/fasting",
    timezone: "Asia/Shanghai",
    expected: {
      Lena: EMPHASIS,
      // Waline breaks lines at every newline.
      "Dr. Lee": LINE_BREAK,
      Mo: PRE,
      Oli: INLINE_CODE,
    },
  },
];

describe("inline HTML and Markdown are shown as the source showed them", () => {
  for (const c of cases) {
    it(`${c.format}: ${c.file}`, async () => {
      const t = await createTestApp();
      const file = c.format === "isso" ? issoDatabase(t.dir, c.file) : fixture(c.file);
      await importFile(t, c.format, file, { timezone: c.timezone });
      const flat = (list: Awaited<ReturnType<typeof readThread>>["comments"]): typeof list =>
        list.flatMap((x) => [x, ...flat(x.replies)]);
      const shown = flat((await readThread(t, c.uri)).comments).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
      // Authors with more than one example are told apart by a trailing space per earlier one, in time order.
      const got: Record<string, string> = {};
      for (const x of shown) {
        let key = x.author.name;
        while (key in got) key += " ";
        got[key] = x.html;
      }
      for (const [who, html] of Object.entries(c.expected)) expect(got[who], who).toBe(html);
    });
  }
});
