import fc from "fast-check";
import { type DefaultTreeAdapterMap, parse, parseFragment } from "parse5";
import { describe, expect, it } from "vitest";
import { toParlorMarkdown } from "../transfer/markup.ts";
import { renderComment, renderSanitized, trustedShape } from "./comment.render.ts";
import { MAX_LINES, MAX_LINK_TARGETS } from "./markdown-bounds.ts";

// An attacker's pass over the renderer's fast path (comment.render.ts writes the sanitizer's output shape itself and
// skips sanitize-html when trustedShape accepts it). Every body is checked three ways: what is stored equals what
// sanitize-html writes for the same render with the same options (so on the fast path the stored HTML is a fixed point
// of the sanitizer), and the DOM a browser builds from it (parse5 implements the HTML standard's tree construction,
// as the widget's `body.innerHTML = c.html` does in a <div>) holds only allow-listed elements, attributes and URLs.

type Element = DefaultTreeAdapterMap["element"];
type Node = DefaultTreeAdapterMap["childNode"];

const IMAGE_ORIGIN = "https://img.example.com";
const IMAGES = { allowedImageOrigins: [IMAGE_ORIGIN] };
const LINK_REL = "nofollow ugc noopener";
const ALLOWED: Record<string, readonly string[]> = {
  p: [],
  br: [],
  strong: [],
  em: [],
  del: [],
  s: [],
  code: [],
  pre: [],
  blockquote: [],
  ul: [],
  ol: ["start"],
  li: [],
  a: ["href", "rel", "title"],
  hr: [],
  img: ["src", "alt", "title"],
};

// The element the widget sets innerHTML on: a <div> in a document's body.
const CONTEXT = (() => {
  const doc = parse("<!doctype html><html><body><div></div></body></html>");
  const html = doc.childNodes.find((n) => n.nodeName === "html") as Element;
  const body = html.childNodes.find((n) => n.nodeName === "body") as Element;
  return body.childNodes[0] as Element;
})();

/** What a browser's DOM of this HTML holds outside the allow-list; empty when inert. */
function domProblems(html: string, images: boolean): string[] {
  const problems: string[] = [];
  const visit = (nodes: Node[]) => {
    for (const node of nodes) {
      if (node.nodeName === "#text") continue;
      if (node.nodeName === "#comment") {
        problems.push("comment node");
        continue;
      }
      const el = node as Element;
      const allowed = ALLOWED[el.tagName];
      if (!allowed || (el.tagName === "img" && !images)) problems.push(`<${el.tagName}>`);
      if (el.namespaceURI !== "http://www.w3.org/1999/xhtml") problems.push(`${el.tagName} in ${el.namespaceURI}`);
      for (const { name, value } of el.attrs) {
        if (!allowed?.includes(name)) problems.push(`${el.tagName}[${name}]`);
        if (name === "href") {
          const url = URL.canParse(value) ? new URL(value) : undefined;
          if (!url || !["http:", "https:", "mailto:"].includes(url.protocol)) problems.push(`href=${value}`);
        }
        if (name === "src") {
          const url = URL.canParse(value) ? new URL(value) : undefined;
          if (url?.origin !== IMAGE_ORIGIN) problems.push(`src=${value}`);
        }
      }
      if (el.tagName === "a" && el.attrs.find((a) => a.name === "rel")?.value !== LINK_REL)
        problems.push("a without rel");
      visit(el.childNodes);
    }
  };
  visit(parseFragment(CONTEXT, html, {}).childNodes);
  return problems;
}

/** Every way a body can go wrong, for both configurations (no images; images from IMAGE_ORIGIN). */
function check(body: string): string[] {
  const problems: string[] = [];
  for (const options of [undefined, IMAGES]) {
    const { html } = renderComment(body, options);
    if (html !== renderSanitized(body, options)) problems.push(`differs from the sanitizer's: ${html}`);
    for (const p of domProblems(html, options !== undefined)) problems.push(`${p} in ${html}`);
  }
  return problems;
}

const fill = (unit: string, lines: number) => `${unit}\n`.repeat(lines);
/** The body followed by enough short lines to pass MAX_LINES, so it renders as plain text. */
const overLines = (body: string) => `${body}${"\n.".repeat(MAX_LINES)}`;

// Each attack class the pass tried, with the bodies tried for it.
const ATTACKS: Record<string, string[]> = {
  "script URLs: entity-encoded, mixed case, control characters, whitespace, &colon;": [
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](java\tscript:alert(1))",
    "[x](\u0001javascript:alert(1))",
    "[x]( javascript:alert(1))",
    "[x](<javascript:alert(1)>)",
    "[x](&#106;avascript:alert(1))",
    "[x](&#x6A;avascript&#58;alert(1))",
    "[x](javascript&colon;alert(1))",
    "[x](%6Aavascript:alert(1))",
    "[x](data:text/html,<script>alert(1)</script>)",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](vbscript:msgbox(1))",
    "[x](http:javascript:alert(1))",
    "[x](https:/\\javascript:alert(1))",
    "[x](ｊavascript:alert(1))",
    "<javascript:alert(1)>",
    "<JAVASCRIPT:alert(1)>",
    "javascript:alert(1) www.javascript:alert(1) javascript://a.com/%0aalert(1)",
    "[x][r]\n\n[r]: javascript:alert(1)",
    "[x][r]\n\n[r]: &#x6A;avascript:alert(1)",
  ],
  "attribute injection through href and title": [
    '[x](http://a.com"onmouseover="alert(1))',
    "[x](http://a.com 'ti\"tle\" onmouseover=x')",
    '[x](http://a.com "a<b>c&d")',
    "[x](http://a.com (\"'<>))",
    "[x](http://a.com '&quot;&gt;&lt;svg onload=1&gt;')",
    '[x](http://a.com#"><script>)',
    "[x](http://a.com/`x`)",
    '[x](http://a.com "t\u0000")',
    '<http://a.com/"onmouseover=alert(1)>',
    '[x][r]\n\n[r]: http://a.com/"x "t\\"<i>"',
    "[x][r]\n\n[r]: <http://a.com/ x> 'q\"'",
  ],
  "linkify and autolinks: quotes, angle brackets, unicode, mailto": [
    "<http://a.com/<script>>",
    'http://a.com/"><script>alert(1)</script>',
    'www.a.com/"onmouseover=alert(1)',
    'a@b.com"<x> mailto:a@b.com?subject="x" <mailto:a@b.com> <a@b.com>',
    "http://пример.рф/<x> http://xn--80ak6aa92e.com http://a.com/\u202e http://\u200ba.com",
    "http://a.com/?a=1&b=2&lt;&#x22; http://a.com/%22%3E%3Cscript%3E",
    "[x](http://a.com/\r\nx) [y]()",
  ],
  "entities that decode to markup": [
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;img src=x onerror=alert(1)&#62;",
    "&#x3C;svg/onload=alert(1)&#x3E;",
    "&amp;lt;b&amp;gt; &#0; &#x0;< &#xD800; &NotANamedEntity;",
    "\\<script>alert(1)\\</script>",
  ],
  "raw HTML and what the shape checker parses": [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="x"onmouseover=alert(1)>x</a>',
    '<a href="http://a.com" rel="nofollow ugc noopener" onclick=alert(1)>x</a>',
    "</a > </p\t> <p/onclick=x>",
    "<!-- x --> <!--> <![CDATA[<script>]]> <?php ?>",
    "<svg><script>alert(1)</script></svg> <math><mi xlink:href=javascript:alert(1)>",
    "a\u0000b<script> \u0000<p onclick=1>",
    '<br /><hr /><ol start="1" onclick="x">',
  ],
  "unbalanced tags and <a> inside <a>": [
    "[<http://a.com>](http://b.com)",
    "[http://a.com](http://b.com)",
    "[[x](http://a.com)](http://b.com)",
    "**[a](http://a.com)** *b [c](http://c.com)* `</a>` ~~x",
    "> [a](http://a.com\n> b)",
    "- [a\n- b](http://a.com)",
  ],
  "code spans and fences": [
    "`<script>` ``</code><script>``",
    "```\n</code></pre><script>alert(1)</script>\n```",
    '```js"><script>\nx\n```',
    "    </code></pre><img src=x onerror=alert(1)>",
  ],
  "images: origins, prefixes, userinfo, backslashes, alt and title quotes": [
    "![alt](https://img.example.com.evil.com/a.png)",
    "![alt](https://img.example.com@evil.com/a.png)",
    "![alt](https://evil.com\\@img.example.com/a.png)",
    "![alt](https://evil.com\\img.example.com/a.png)",
    "![alt](https://img.example.com%2eevil.com/a.png)",
    "![alt](http://img.example.com/a.png)",
    "![alt](//img.example.com/a.png)",
    "![alt](https://img.example.com:443/a.png) ![alt](https://img.example.com:8443/a.png)",
    '![alt](HTTPS://IMG.EXAMPLE.COM/a.png "t\\"<x>")',
    "![x](https://user:pw@img.example.com/a.png)",
    '![a"onerror=alert(1) x](https://img.example.com/a.png)',
    "![a **b** `<c>` <d>](https://img.example.com/x.png 'it\"s')",
    '![x](https://img.example.com/a.png"onerror="alert(1))',
    "![x](data:image/svg+xml,<svg onload=alert(1)>)",
    "![x](javascript:alert(1))",
    "[![i](https://img.example.com/a.png)](http://b.com) ![![x](https://img.example.com/b.png)](https://img.example.com/c.png)",
    "![x][r]\n\n[r]: https://img.example.com/a.png '\"><script>'",
  ],
  "plain-text fallback (over the bounds)": [
    overLines("<script>alert(1)</script> & \" ' <img src=x onerror=1> &lt;b&gt;"),
    overLines('[x](javascript:alert(1)) "<b>"&amp; http://a.com/"><svg> ![i](https://img.example.com/i.png)'),
    fill("\u0000<x>\r", MAX_LINES + 1),
    `${"*a* ".repeat(2600)}<script>"'&`,
    `${"&".repeat(3100)}<svg onload=alert(1)>`,
  ],
  "past the bound on link targets": [
    `${Array.from({ length: MAX_LINK_TARGETS + 5 }, (_, i) => `[l${i}](http://a.com/${i})`).join(" ")} [x](javascript:alert(1)) <script>`,
    `${Array.from({ length: MAX_LINK_TARGETS + 5 }, (_, i) => `http://a${i}.com`).join(" ")} http://a.com/"><svg>`,
    `[r]: http://ok.com\n\n${"[x](http://a.com) ".repeat(MAX_LINK_TARGETS + 1)}[y][r] ![i](https://img.example.com/i.png)`,
  ],
};

describe("the renderer under attack", () => {
  for (const [kind, bodies] of Object.entries(ATTACKS)) {
    it(`holds against ${kind}`, () => {
      for (const body of bodies) expect(check(body), JSON.stringify(body).slice(0, 100)).toEqual([]);
    });
  }

  it("writes what the attacks should come to", () => {
    const html = (body: string, options?: typeof IMAGES) => renderComment(body, options).html;
    // Rejected schemes stay visible as text, never as a link.
    expect(html("[x](&#x6A;avascript&#58;alert(1))")).toBe("<p>[x](javascript:alert(1))</p>\n");
    expect(html("[x](javascript&colon;alert(1))")).not.toContain("<a");
    // Quotes in a title are escaped, so the title cannot end early and add an attribute.
    expect(html("[x](http://a.com 'ti\"tle\" onmouseover=x')")).toBe(
      `<p><a href="http://a.com" rel="${LINK_REL}" title="ti&quot;tle&quot; onmouseover=x">x</a></p>\n`,
    );
    // An image from a look-alike origin shows its alt text; from the allowed one (userinfo aside) it loads.
    expect(html("![alt](https://img.example.com.evil.com/a.png)", IMAGES)).toBe("<p>alt</p>\n");
    expect(html("![alt](https://evil.com\\@img.example.com/a.png)", IMAGES)).toContain(
      'src="https://evil.com@img.example.com/a.png"',
    );
    // The plain-text fallback escapes every tag and ampersand; quotes are text there.
    const plain = html(fill('<img src=x onerror=1> &lt; "q"', MAX_LINES + 1));
    expect(plain.startsWith('<p>&lt;img src=x onerror=1&gt; &amp;lt; "q"<br />\n')).toBe(true);
    expect(trustedShape(plain)).toBe(true);
    // An autolink inside a link label nests <a> in <a> (markdown-it, with or without the fast path); a browser
    // closes the outer link before the inner one, and both targets were checked.
    expect(html("[<http://a.com>](http://b.com)")).toBe(
      `<p><a href="http://b.com" rel="${LINK_REL}"><a href="http://a.com" rel="${LINK_REL}">http://a.com</a></a></p>\n`,
    );
  });

  it("counts a body's lines as markdown-it does, so \\r and \\r\\n line ends cannot slip past MAX_LINES", () => {
    // Past MAX_LINES a body is plain text and costs no parse; markdown-it ends a line at \r\n, \r or \n alike.
    const lines = (end: string) => `${"a".concat(end).repeat(MAX_LINES)}*b* [l](http://a.com)`;
    const plain = renderComment(lines("\n"));
    expect(plain.html).not.toContain("<em>");
    for (const end of ["\r", "\r\n"]) expect(renderComment(lines(end)), JSON.stringify(end)).toEqual(plain);
  });

  it("checks the checker: a DOM outside the allow-list is caught", () => {
    expect(domProblems('<a href="javascript:alert(1)" rel="nofollow ugc noopener">x</a>', false)).toEqual([
      "href=javascript:alert(1)",
    ]);
    expect(domProblems('<p><a href="x"onmouseover=alert(1)>y</a></p>', false)).toEqual([
      "href=x",
      "a[onmouseover]",
      "a without rel",
    ]);
    expect(domProblems("<svg><p>x</p></svg><!--c-->", false)).toEqual([
      "<svg>",
      "svg in http://www.w3.org/2000/svg",
      "comment node",
    ]);
    expect(domProblems('<img src="https://img.example.com.evil.com/x">', true)).toEqual([
      "src=https://img.example.com.evil.com/x",
    ]);
    expect(domProblems('<img src="https://img.example.com/x">', false)).toEqual(["<img>"]);
    expect(trustedShape('<a href="http://a.com"onmouseover=alert(1) rel="nofollow ugc noopener">')).toBe(false);
    expect(trustedShape('<a href="http://a.com" rel="nofollow ugc noopener" title="x" onclick="y">')).toBe(false);
  });

  it("holds for generated adversarial Markdown, the imported comments' path included", () => {
    const piece = fc.constantFrom(
      ...["[", "]", "(", ")", "![", "](", "<", ">", "</", '"', "'", "&", "\\", "`", "```\n", "*", "_", "~~", "\n"],
      ...[" ", "\t", "\n\n", "    ", "> ", "- ", "1. ", "# ", "a", "x y", "\u0000", "\u0001", "\u00a0", "\u202e"],
      ...["&lt;", "&#60;", "&#x3C;", "&quot;", "&#34;", "&colon;", "&#58;", "&#x6A;", "&amp;", "&NewLine;", "&Tab;"],
      ...["javascript:", "JaVaScRiPt:", "java\tscript:", "data:text/html,", "vbscript:", "alert(1)", "%6A"],
      ...["http://", "https://", "mailto:", "www.", "a.com", "a@b.co", "пример.рф", "//", ":", "@", "?a=1&b=2", "#"],
      ...[IMAGE_ORIGIN, `${IMAGE_ORIGIN}.evil.com`, `${IMAGE_ORIGIN}@evil.com`, "https://evil.com\\@img.example.com"],
      ...["/a.png", ' "t\\"x"', " 't'", " (t)", "[r]", "\n\n[r]: ", "onmouseover=alert(1)", '"onerror="alert(1)'],
      ...["<script>", "<img src=x onerror=alert(1)>", "<svg onload=alert(1)>", "<!--", "-->", "<![CDATA[", "]]>"],
      ...['<a href="', "</a >", "<p/", "<br />", '<ol start="1">', "<http://a.com>", "<a@b.co>"],
    );
    const body = fc.array(piece, { minLength: 1, maxLength: 40 }).map((pieces) => pieces.join(""));
    fc.assert(
      fc.property(body, (markdown) => {
        expect(check(markdown)).toEqual([]);
      }),
      { numRuns: 600, seed: 20261207 },
    );
    // Past MAX_LINES the same pieces take the plain-text path.
    fc.assert(
      fc.property(body, (markdown) => {
        expect(check(overLines(markdown))).toEqual([]);
      }),
      { numRuns: 20, seed: 20261207 },
    );
    // An imported comment's HTML becomes Markdown (turndown) and then goes through the same renderer.
    const tag = fc.constantFrom("a", "img", "p", "b", "code", "pre", "svg", "script", "iframe", "blockquote");
    const attr = fc.constantFrom(
      ' href="javascript:alert(1)"',
      ' href="http://a.com/&quot;onmouseover=alert(1)"',
      ' href=" JAVASCRIPT:alert(1)"',
      ` src="${IMAGE_ORIGIN}/a.png"`,
      ` src="${IMAGE_ORIGIN}.evil.com/a.png"`,
      ' alt="&quot;&gt;&lt;script&gt;"',
      ' title="x&quot; onclick=&quot;y"',
      " onclick=alert(1)",
    );
    const html = fc
      .array(fc.tuple(tag, fc.array(attr, { maxLength: 2 }), fc.array(piece, { maxLength: 4 })), { maxLength: 6 })
      .map((els) => els.map(([t, attrs, text]) => `<${t}${attrs.join("")}>${text.join("")}</${t}>`).join(""));
    fc.assert(
      fc.property(html, (source) => {
        expect(check(toParlorMarkdown({ html: source }))).toEqual([]);
      }),
      { numRuns: 150, seed: 20261207 },
    );
  });
});
