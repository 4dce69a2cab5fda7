import { Parser } from "htmlparser2";
import MarkdownIt from "markdown-it";
import sanitizeHtml from "sanitize-html";

const LINK_PROTOCOLS = new Set(["http:", "https:", "mailto:"]);

function isAllowedLink(url: string): boolean {
  return URL.canParse(url) && LINK_PROTOCOLS.has(new URL(url).protocol);
}

// Built once per process. An issue is written by the editor, but it is still rendered as untrusted input: no raw
// HTML, no images (a remote image is a tracking pixel, and we do not track), links only to http(s) and mailto.
const md = new MarkdownIt({ html: false, linkify: true, typographer: true, breaks: false });
md.disable(["table", "image"]);
md.validateLink = isAllowedLink;
// The issue's subject is the page's h1; the body's headings start one level below.
md.renderer.rules.heading_open = (tokens, idx) => `<h${Math.min(Number(tokens[idx].tag.slice(1)) + 1, 4)}>`;
md.renderer.rules.heading_close = (tokens, idx) => `</h${Math.min(Number(tokens[idx].tag.slice(1)) + 1, 4)}>\n`;

const SANITIZER: sanitizeHtml.IOptions = {
  allowedTags: [
    "p",
    "br",
    "strong",
    "em",
    "del",
    "s",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "hr",
    "h2",
    "h3",
    "h4",
  ],
  allowedAttributes: { a: ["href", "title", "rel"], ol: ["start"] },
  allowedClasses: {},
  allowedSchemes: ["http", "https", "mailto"],
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  transformTags: {
    a: (_tag, attribs) =>
      isAllowedLink(attribs.href ?? "")
        ? {
            tagName: "a",
            attribs: { href: attribs.href, rel: "noopener", ...(attribs.title ? { title: attribs.title } : {}) },
          }
        : { tagName: "parlor-dropped", attribs: {} },
  },
};

/**
 * An issue's Markdown as sanitized HTML (the web archive and the email body) and as plain text (the email's
 * text part). Links stay exactly as written: no click tracking, no redirects through us.
 *
 *   renderIssue("## Sleep\n\nSee [the study](https://pubmed.ncbi.nlm.nih.gov/1/).")
 */
export function renderIssue(markdown: string): { html: string; text: string } {
  const html = sanitizeHtml(md.render(markdown), SANITIZER);
  return { html, text: htmlToText(html) };
}

const BLOCKS = new Set(["p", "h2", "h3", "h4", "ul", "ol", "blockquote", "pre", "hr"]);

/** Plain text of the sanitized HTML: paragraphs apart, list items bulleted, links as `text (url)`. */
export function htmlToText(html: string): string {
  let out = "";
  const links: { href: string; start: number }[] = [];
  const lists: { ordered: boolean; n: number }[] = [];
  const quotes: number[] = [];
  const newline = (n: number) => {
    out = out.replace(/[ \t]+$/, "");
    const have = /\n*$/.exec(out)?.[0].length ?? 0;
    if (out.length > 0 && have < n) out += "\n".repeat(n - have);
  };
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (BLOCKS.has(name)) newline(2);
        if (name === "br") out += "\n";
        if (name === "ul" || name === "ol") lists.push({ ordered: name === "ol", n: Number(attribs.start ?? 1) });
        if (name === "li") {
          newline(1);
          const list = lists.at(-1);
          out += list?.ordered ? `${list.n++}. ` : "- ";
        }
        if (name === "blockquote") quotes.push(out.length);
        if (name === "a") links.push({ href: attribs.href ?? "", start: out.length });
        if (name === "hr") out += "* * *";
      },
      ontext(text) {
        out += text;
      },
      onclosetag(name) {
        if (name === "a") {
          const link = links.pop();
          const label = link ? out.slice(link.start) : "";
          const href = link?.href.replace(/^mailto:/, "") ?? "";
          if (link && href && label.trim() !== href) out += ` (${link.href.startsWith("mailto:") ? href : link.href})`;
        }
        if (name === "ul" || name === "ol") lists.pop();
        if (name === "blockquote") {
          const start = quotes.pop() ?? out.length;
          const body = out.slice(start).trim();
          out = `${out.slice(0, start)}${body.replace(/^/gm, "> ")}`;
        }
        if (BLOCKS.has(name)) newline(2);
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return `${out.replace(/\n{3,}/g, "\n\n").trim()}\n`;
}
