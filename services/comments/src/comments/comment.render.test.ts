import { XSS_CORPUS } from "@parlor/kit/testing/xss-corpus";
import { DomUtils, parseDocument } from "htmlparser2";
import { describe, expect, it } from "vitest";
import { countLinks, renderMarkdown } from "./comment.render.ts";

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
