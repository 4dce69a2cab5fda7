import { Parser } from "htmlparser2";
import MarkdownIt from "markdown-it";
import sanitizeHtml from "sanitize-html";

const LINK_PROTOCOLS = new Set(["http:", "https:", "mailto:"]);
const IMAGE_PROTOCOLS = new Set(["http:", "https:"]);
// A scheme at the start: anything else is a relative reference, resolved against PUBLIC_URL.
const SCHEME = /^[a-z][a-z\d+.-]*:/i;

/** Where an issue's relative links point and where its images may come from. */
export interface IssueRenderOptions {
  /** PUBLIC_URL: `[the article](/blog/sleep)` links to `<PUBLIC_URL>/blog/sleep`. */
  baseUrl: string;
  /** IMAGE_ORIGINS: the only origins an image may come from. */
  imageOrigins: readonly string[];
}

interface RenderEnv {
  base: string;
  imageOrigins: ReadonlySet<string>;
  problems: string[];
}

function isAllowedLink(url: string): boolean {
  return URL.canParse(url) && LINK_PROTOCOLS.has(new URL(url).protocol);
}

/** The absolute URL of a link or image as written (relative ones against `base`, if any), or null when refused. */
function resolve(url: string, base: string | null, protocols: ReadonlySet<string>): URL | null {
  let parsed: URL | null = null;
  if (SCHEME.test(url)) parsed = URL.canParse(url) ? new URL(url) : null;
  else if (base !== null) parsed = URL.canParse(url, base) ? new URL(url, base) : null;
  return parsed && protocols.has(parsed.protocol) ? parsed : null;
}

// Built once per process. An issue is written by the editor, but it is still rendered as untrusted input: no raw
// HTML, links only to http(s) and mailto (relative ones made absolute against PUBLIC_URL: a mail client has no
// page to resolve them against), images only from IMAGE_ORIGINS and only with alt text. An image's URL is the
// same in every copy (the body is rendered once per issue), so it can never tell the sender who opened it.
const md = new MarkdownIt({ html: false, linkify: true, typographer: true, breaks: false });
md.disable(["table"]);
// markdown-it checks a link before any renderer sees it: let relative ones through to be resolved below.
md.validateLink = (url) => (SCHEME.test(url) ? isAllowedLink(url) : true);
// The issue's subject is the page's h1; the body's headings start one level below.
md.renderer.rules.heading_open = (tokens, idx) => `<h${Math.min(Number(tokens[idx].tag.slice(1)) + 1, 4)}>`;
md.renderer.rules.heading_close = (tokens, idx) => `</h${Math.min(Number(tokens[idx].tag.slice(1)) + 1, 4)}>\n`;

md.renderer.rules.link_open = (tokens, idx, options, env: RenderEnv, self) => {
  const token = tokens[idx];
  const href = resolve(token.attrGet("href") ?? "", env.base, LINK_PROTOCOLS);
  if (href) token.attrSet("href", href.href);
  else token.attrSet("href", ""); // dropped by the sanitizer, its text kept
  return self.renderToken(tokens, idx, options);
};

const defaultImage = md.renderer.rules.image as NonNullable<typeof md.renderer.rules.image>;
// An image that may not be shown falls back to its alt text, and the editor is told why.
md.renderer.rules.image = (tokens, idx, options, env: RenderEnv, self) => {
  const token = tokens[idx];
  const written = token.attrGet("src") ?? "";
  const alt = self.renderInlineAsText(token.children ?? [], options, env).trim();
  const src = resolve(written, env.base, IMAGE_PROTOCOLS);
  if (!src || !env.imageOrigins.has(src.origin)) {
    env.problems.push(
      env.imageOrigins.size === 0
        ? `images are off (set IMAGE_ORIGINS to allow an origin): ${written}`
        : `the image ${written} is not from IMAGE_ORIGINS (${[...env.imageOrigins].join(", ")})`,
    );
  } else if (alt === "") {
    env.problems.push(`the image ${written} needs alt text: ![what it shows](${written})`);
  } else {
    token.attrSet("src", src.href);
    return defaultImage(tokens, idx, options, env, self);
  }
  return md.utils.escapeHtml(alt);
};

function sanitizerOptions(imageOrigins: ReadonlySet<string>): sanitizeHtml.IOptions {
  return {
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
      "img",
    ],
    allowedAttributes: { a: ["href", "title", "rel"], ol: ["start"], img: ["src", "alt", "title"] },
    allowedClasses: {},
    allowedSchemes: ["http", "https", "mailto"],
    allowedSchemesByTag: { img: ["http", "https"] },
    allowProtocolRelative: false,
    disallowedTagsMode: "discard",
    // Second line of defence: the renderer already resolved and checked these.
    transformTags: {
      a: (_tag, attribs) =>
        isAllowedLink(attribs.href ?? "")
          ? {
              tagName: "a",
              attribs: { href: attribs.href, rel: "noopener", ...(attribs.title ? { title: attribs.title } : {}) },
            }
          : { tagName: "parlor-dropped", attribs: {} },
      img: (_tag, attribs) => {
        const src = resolve(attribs.src ?? "", null, IMAGE_PROTOCOLS);
        return src && imageOrigins.has(src.origin) && attribs.alt
          ? { tagName: "img", attribs }
          : { tagName: "parlor-dropped", attribs: {} };
      },
    },
  };
}

/**
 * An issue's Markdown as sanitized HTML (the web archive and the email body) and as plain text (the email's
 * text part, where an image is its alt text in brackets). Links stay as written, made absolute: no click
 * tracking, no redirects through us. `problems` names each image that could not be shown (origin not allowed, no
 * alt text): the editor's endpoints refuse such Markdown with a 400 naming them.
 *
 *   renderIssue("## Sleep\n\nSee [the article](/blog/sleep).", { baseUrl: "https://blog.example", imageOrigins: [] })
 */
export function renderIssue(
  markdown: string,
  options: IssueRenderOptions,
): { html: string; text: string; problems: string[] } {
  const env: RenderEnv = { base: options.baseUrl, imageOrigins: new Set(options.imageOrigins), problems: [] };
  const html = sanitizeHtml(md.render(markdown, env), sanitizerOptions(env.imageOrigins));
  return { html, text: htmlToText(html), problems: env.problems };
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
        if (name === "img") out += `[${attribs.alt ?? ""}]`;
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
