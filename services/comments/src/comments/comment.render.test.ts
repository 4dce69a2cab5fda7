import { XSS_CORPUS } from "@parlor/kit/testing/xss-corpus";
import { DomUtils, parseDocument } from "htmlparser2";
import { describe, expect, it } from "vitest";
import { countLinks, renderMarkdown, renderSanitized, trustedShape } from "./comment.render.ts";
import { MAX_INLINE_STOPS, MAX_LINES, MAX_LINK_TARGETS } from "./markdown-bounds.ts";

const FORBIDDEN_TAGS = ["script", "iframe", "object", "embed", "svg", "math", "style", "form", "meta", "base", "link"];
const URL_ATTRS = new Set([
  "href",
  "src",
  "action",
  "formaction",
  "xlink:href",
  "data",
  "poster",
  "background",
  "cite",
]);
const BAD_SCHEMES = ["javascript:", "data:", "vbscript:"];
const ALLOWED_ATTRS = new Set(["href", "rel", "title", "src", "alt", "start"]);
const IMAGES = { allowedImageOrigins: ["https://blog.example"] };

// htmlparser2 already decodes entities once; decode again so double-encoded schemes are caught too.
function decodeEntities(value: string): string {
  return value
    .replace(/&#x([0-9a-f]+);?/gi, (_m, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
    .replace(/&#(\d+);?/g, (_m, dec: string) => String.fromCodePoint(Number.parseInt(dec, 10)))
    .replace(/&colon;/gi, ":")
    .replace(/&tab;/gi, "\t")
    .replace(/&newline;/gi, "\n");
}

// Browsers ignore whitespace and control characters inside a URL scheme.
function schemeOf(value: string): string {
  const cleaned = [...decodeEntities(value)]
    .filter((ch) => {
      const code = ch.codePointAt(0) ?? 0;
      return code > 0x20 && !(code >= 0x7f && code <= 0x9f) && !/\s/.test(ch);
    })
    .join("")
    .toLowerCase();
  return /^[a-z][a-z0-9+.-]*:/.exec(cleaned)?.[0] ?? "";
}

/** Reasons the HTML could run script; empty when it is inert. */
function findExecutable(html: string): string[] {
  const problems: string[] = [];
  // Text is escaped by the renderer, so a literal "<tag" in the output can only be a real tag.
  for (const tag of FORBIDDEN_TAGS) {
    if (new RegExp(`<\\s*/?\\s*${tag}\\b`, "i").test(html)) problems.push(`raw <${tag}>`);
  }
  const elements = DomUtils.findAll(() => true, parseDocument(html).children);
  for (const el of elements) {
    const name = el.name.toLowerCase();
    if (FORBIDDEN_TAGS.includes(name)) problems.push(`<${name}> element`);
    for (const [attr, value] of Object.entries(el.attribs)) {
      const lower = attr.toLowerCase();
      if (lower.startsWith("on")) problems.push(`${lower} on <${name}>`);
      if (URL_ATTRS.has(lower) && BAD_SCHEMES.includes(schemeOf(value))) problems.push(`${lower}=${value}`);
    }
  }
  return problems;
}

function elementsOf(html: string) {
  return DomUtils.findAll(() => true, parseDocument(html).children);
}

describe("xss checker", () => {
  it("flags the things it is meant to flag", () => {
    expect(findExecutable("<p>fine</p>")).toEqual([]);
    expect(findExecutable("<SCRIPT>x</SCRIPT>")).not.toEqual([]);
    expect(findExecutable('<img src="x" ONERROR="y">')).not.toEqual([]);
    expect(findExecutable('<a href="jav&#x09;ascript:alert(1)">x</a>')).not.toEqual([]);
    expect(findExecutable('<a href="&amp;#106;avascript:x">x</a>')).not.toEqual([]);
    expect(findExecutable('<a href=" DATA:text/html,x">x</a>')).not.toEqual([]);
    expect(findExecutable("<svg><a>x</a></svg>")).not.toEqual([]);
  });
});

describe("renderMarkdown against the XSS corpus", () => {
  it("has a substantial corpus", () => {
    expect(XSS_CORPUS.length).toBeGreaterThanOrEqual(45);
  });

  for (const [i, payload] of XSS_CORPUS.entries()) {
    it(`#${i} renders inert: ${JSON.stringify(payload).slice(0, 70)}`, () => {
      for (const options of [undefined, IMAGES]) {
        const html = renderMarkdown(payload, options);
        expect(findExecutable(html), html).toEqual([]);
        for (const el of elementsOf(html)) {
          for (const attr of Object.keys(el.attribs)) expect(ALLOWED_ATTRS.has(attr), `${attr} in ${html}`).toBe(true);
          if (el.name === "a") {
            expect(el.attribs.rel).toBe("nofollow ugc noopener");
            expect(["http:", "https:", "mailto:"]).toContain(new URL(el.attribs.href).protocol);
          }
          if (el.name === "img") expect(new URL(el.attribs.src).origin).toBe("https://blog.example");
        }
        expect(countLinks(payload)).toBe(elementsOf(html).filter((el) => el.name === "a").length);
      }
    });
  }
});

describe("renderMarkdown", () => {
  it("renders emphasis, code, lists and quotes", () => {
    const html = renderMarkdown("**bold** _it_ ~~gone~~ `x<y`\n\n- one\n- two\n\n1. first\n\n> quoted\n\n---");
    expect(html).toContain("<strong>bold</strong>");
    expect(html).toContain("<em>it</em>");
    expect(html).toContain("<s>gone</s>");
    expect(html).toContain("<code>x&lt;y</code>");
    expect(html).toContain("<ul>\n<li>one</li>\n<li>two</li>\n</ul>");
    expect(html).toContain("<ol>\n<li>first</li>\n</ol>");
    expect(html).toContain("<blockquote>\n<p>quoted</p>\n</blockquote>");
    expect(html).toContain("<hr />");
  });

  it("keeps fenced code as text and drops the language class", () => {
    expect(renderMarkdown("```js\nif (a < b) run();\n```")).toBe("<pre><code>if (a &lt; b) run();\n</code></pre>\n");
  });

  it("turns single newlines into line breaks", () => {
    expect(renderMarkdown("line one\nline two")).toBe("<p>line one<br />\nline two</p>\n");
  });

  it("gives every link rel=nofollow ugc noopener and no target", () => {
    const html = renderMarkdown('[study](https://journal.example/a "Trial") and <https://b.example>');
    expect(html).toBe(
      '<p><a href="https://journal.example/a" rel="nofollow ugc noopener" title="Trial">study</a> and ' +
        '<a href="https://b.example" rel="nofollow ugc noopener">https://b.example</a></p>\n',
    );
    expect(html).not.toContain("target");
  });

  it("linkifies bare URLs and emails", () => {
    const html = renderMarkdown("see https://nih.example/x, www.nhs.uk or ask doc@clinic.org");
    expect(html).toContain('<a href="https://nih.example/x" rel="nofollow ugc noopener">https://nih.example/x</a>');
    expect(html).toContain('<a href="http://www.nhs.uk" rel="nofollow ugc noopener">www.nhs.uk</a>');
    expect(html).toContain('<a href="mailto:doc@clinic.org" rel="nofollow ugc noopener">doc@clinic.org</a>');
  });

  it("leaves relative, protocol-relative and non-web links as plain text", () => {
    const html = renderMarkdown("[a](/admin) [b](//evil.example) [c](ftp://x.example) [d](#top)");
    expect(html).toBe("<p>[a](/admin) [b](//evil.example) [c](ftp://x.example) [d](#top)</p>\n");
  });

  it("shows raw HTML as escaped text instead of dropping it", () => {
    expect(renderMarkdown("I <b>really</b> mean it")).toBe("<p>I &lt;b&gt;really&lt;/b&gt; mean it</p>\n");
  });

  it("renders headings as bold paragraphs, never <h1>-<h6>", () => {
    const html = renderMarkdown("# Big claim\n\n### Smaller\n\nSetext\n======");
    expect(html).toBe(
      "<p><strong>Big claim</strong></p>\n<p><strong>Smaller</strong></p>\n<p><strong>Setext</strong></p>\n",
    );
    expect(html).not.toMatch(/<h[1-6]/);
  });

  it("keeps tables as text, since table tags are not allowed", () => {
    expect(renderMarkdown("| a | b |\n|---|---|\n| 1 | 2 |")).not.toMatch(/<t(able|d|r|h)/);
  });

  it("leaves health talk untouched", () => {
    expect(renderMarkdown("20 mg of 5-HT2A agonist, n=24 (2018)")).toBe(
      "<p>20 mg of 5-HT2A agonist, n=24 (2018)</p>\n",
    );
    expect(renderMarkdown("Dose: 0.5mg/kg -> 2x/day (c) 2020 -- p<0.05")).toBe(
      "<p>Dose: 0.5mg/kg -&gt; 2x/day (c) 2020 -- p&lt;0.05</p>\n",
    );
  });

  it("has no style, class or id attributes", () => {
    const html = renderMarkdown("```python\nx = 1\n```\n\n# Title {#id}\n\n*a* [b](https://c.example)");
    expect(html).not.toMatch(/\s(style|class|id)=/);
  });
});

describe("images", () => {
  const md = "![chart](https://blog.example/img/chart.png) ![ad *here*](https://ads.example/x.png)";

  it("drops every image by default, keeping its alt text", () => {
    expect(renderMarkdown(md)).toBe("<p>chart ad here</p>\n");
  });

  it("allows images only from a configured origin", () => {
    expect(renderMarkdown(md, IMAGES)).toBe(
      '<p><img src="https://blog.example/img/chart.png" alt="chart" /> ad here</p>\n',
    );
  });

  it("matches the full origin, not a prefix or another scheme", () => {
    const tricky = [
      "![a](http://blog.example/x.png)",
      "![a](https://blog.example.evil.example/x.png)",
      "![a](https://blog.example@evil.example/x.png)",
      "![a](https://blog.example:8443/x.png)",
      "![a](//blog.example/x.png)",
      "![a](/x.png)",
    ];
    for (const source of tricky) expect(renderMarkdown(source, IMAGES)).not.toContain("<img");
  });

  it("accepts origins written with a path or trailing slash and ignores bad ones", () => {
    const html = renderMarkdown("![a](https://blog.example/x.png)", { allowedImageOrigins: ["https://blog.example/"] });
    expect(html).toContain('<img src="https://blog.example/x.png"');
    const bad = { allowedImageOrigins: ["javascript:alert(1)", "not a url", ""] };
    expect(renderMarkdown("![a](javascript:alert(1))", bad)).not.toContain("<img");
  });
});

describe("countLinks", () => {
  it("is 0 for plain text", () => {
    expect(countLinks("20 mg of 5-HT2A agonist, n=24 (2018). Ask your GP first!")).toBe(0);
  });

  it("counts explicit links, autolinks and bare URLs", () => {
    expect(countLinks("[cheap pills](https://a.example) <https://b.example> and www.c.com")).toBe(3);
  });

  it("counts reference links and emails but not rejected links or images", () => {
    expect(countLinks("[x][1] me@d.org\n\n[1]: https://e.example")).toBe(2);
    expect(countLinks("[x](javascript:alert(1)) [y](/rel) ![z](https://f.example/p.png)")).toBe(0);
  });
});

describe("the trusted renderer", () => {
  // What the renderer writes without the sanitizer must be what the sanitizer writes: the XSS corpus, what readers
  // write, every one- and two-character unit of Markdown's punctuation, and seeded random Markdown.
  const pieces = ["[", "]", "(", ")", "!", "*", "_", "`", "<", ">", "&", "#", "\\", "~", "-", "|", "\n", " ", "a"];
  pieces.push(":", "/", ".", '"', "'", "=", "1", "@", "\t", "http://a.b", "www.x.com", "&amp;", "&#x22;", "> ");
  pieces.push(
    "](https://q.example/\"x\" 'y')",
    "<mailto:a@b.c>",
    "```js\n",
    "    ",
    "1. ",
    "3) ",
    "![i](https://blog.example/",
  );
  const fill = (unit: string, n: number) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
  let seed = 7;
  const next = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const bodies = [...XSS_CORPUS, '**Bold**, _it_, `code`, ~~s~~, [a](https://e.org/?a=1&b=2 "t")\n\n> q\n\n1. x\n2. y'];
  for (const a of pieces) for (const b of pieces) bodies.push(fill(a + b, 40));
  for (let i = 0; i < 1000; i++) {
    let body = "";
    for (let j = 1 + next(24); j > 0; j--) body += pieces[next(pieces.length)];
    bodies.push(body);
  }

  it("writes byte for byte what the sanitizer writes, and only the tags it trusts", () => {
    const differ: string[] = [];
    for (const body of bodies) {
      for (const options of [undefined, IMAGES]) {
        if (renderMarkdown(body, options) !== renderSanitized(body, options)) differ.push(body);
      }
      if (!trustedShape(renderMarkdown(body))) differ.push(`untrusted: ${body}`);
    }
    expect(differ.slice(0, 5)).toEqual([]);
    expect(bodies.length).toBeGreaterThan(2500);
  });

  it("sends anything else through the sanitizer", () => {
    for (const html of [
      '<p><img src="https://blog.example/x.png" alt="x" /></p>',
      "<p><script>alert(1)</script></p>",
      '<a href="javascript:alert(1)" rel="nofollow ugc noopener">x</a>',
      '<a href="https://a.example" rel="nofollow ugc noopener" onclick="x()">x</a>',
      '<a href="https://a.example" rel="nofollow">x</a>',
      '<p class="x">',
      "<h1>",
    ]) {
      expect(trustedShape(html), html).toBe(false);
    }
    expect(
      trustedShape('<ol start="3">\n<li><a href="mailto:a@b.c" rel="nofollow ugc noopener">a</a></li>\n</ol>'),
    ).toBe(true);
    // An allowed image goes through the sanitizer, which keeps it.
    expect(renderMarkdown("![a](https://blog.example/x.png)", IMAGES)).toContain("<img");
  });
});

describe("bounds on what one comment renders", () => {
  it("renders a body of more than MAX_LINES lines as plain text, its lines kept", () => {
    const html = renderMarkdown("#\n".repeat(MAX_LINES + 1));
    expect(html.startsWith("<p>#<br />\n#<br />\n")).toBe(true);
    expect(html).not.toContain("<strong>");
    // Up to the bound, Markdown as usual.
    expect(renderMarkdown("# a\n".repeat(MAX_LINES / 2))).toContain("<p><strong>a</strong></p>");
  });

  it("renders a body of more than MAX_TOKENS tokens or MAX_INLINE_STOPS stops as plain text", () => {
    expect(renderMarkdown("*a* ".repeat(2500))).toBe(`<p>${"*a* ".repeat(2500).trim()}</p>\n`);
    expect(renderMarkdown("&".repeat(MAX_INLINE_STOPS + 1))).toBe(`<p>${"&amp;".repeat(MAX_INLINE_STOPS + 1)}</p>\n`);
    // Blank lines still part paragraphs, and text stays escaped.
    expect(renderMarkdown(`<b>x</b>\n\n${"_a_ ".repeat(2000)}`)).toMatch(/^<p>&lt;b&gt;x&lt;\/b&gt;<\/p>\n<p>_a_ _a_/);
  });

  it("keeps what long honest comments write: a list of 300 items, 700 bold words, prose", () => {
    expect(renderMarkdown("- an item of the list\n".repeat(300))).toMatch(
      /^<ul>\n(<li>an item of the list<\/li>\n){300}<\/ul>\n$/,
    );
    expect(renderMarkdown("**bold** word ".repeat(700))).toContain("<strong>bold</strong> word <strong>bold</strong>");
  });

  it("renders the first MAX_LINK_TARGETS links and counts the rest as more than that", () => {
    const body = Array.from({ length: 150 }, (_, i) => `[l${i}](https://a.example/${i})`).join(" ");
    const html = renderMarkdown(body);
    expect(html.match(/<a /g)?.length).toBe(MAX_LINK_TARGETS);
    expect(html).toContain("[l149](https://a.example/149)");
    expect(countLinks(body)).toBe(MAX_LINK_TARGETS + 1);
    // Bare addresses too, and a plain-text body still counts the addresses it holds.
    expect(countLinks("see a.com ".repeat(200))).toBe(MAX_LINK_TARGETS + 1);
    expect(countLinks("see https://spam.example\n".repeat(MAX_LINES + 1))).toBe(MAX_LINES + 1);
    expect(countLinks("[x](https://a.example) ".repeat(MAX_LINK_TARGETS))).toBe(MAX_LINK_TARGETS);
  });
});
