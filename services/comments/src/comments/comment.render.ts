import MarkdownIt from "markdown-it";
import sanitizeHtml from "sanitize-html";
import {
  type BoundsEnv,
  boundElements,
  boundLinkify,
  boundLinkLabels,
  MAX_LINK_TARGETS,
  PLAIN_PARAGRAPH,
} from "./markdown-bounds.ts";

export interface RenderOptions {
  /** Origins images may be loaded from, e.g. "https://blog.example". Default: none, so no <img> survives. */
  allowedImageOrigins?: string[];
}

interface RenderEnv extends BoundsEnv {
  imageOrigins: ReadonlySet<string>;
}

const LINK_PROTOCOLS = new Set(["http:", "https:", "mailto:"]);
const IMAGE_PROTOCOLS = new Set(["http:", "https:"]);
const LINK_REL = "nofollow ugc noopener";
const NO_ORIGINS: ReadonlySet<string> = new Set();

// Absolute URLs only: relative, protocol-relative and odd-scheme links are not worth the risk in a comment.
function parseAbsolute(url: string, protocols: ReadonlySet<string>): URL | undefined {
  if (!URL.canParse(url)) return undefined;
  const parsed = new URL(url);
  return protocols.has(parsed.protocol) ? parsed : undefined;
}

function isAllowedLink(url: string): boolean {
  return parseAbsolute(url, LINK_PROTOCOLS) !== undefined;
}

function isAllowedImage(src: string, origins: ReadonlySet<string>): boolean {
  const parsed = parseAbsolute(src, IMAGE_PROTOCOLS);
  return parsed !== undefined && origins.has(parsed.origin);
}

// Built once per process: this runs for every comment shown. xhtmlOut: `<br />`, `<hr />`, as the sanitizer writes them.
const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: true, xhtmlOut: true });
// Tables are not in the allow-list; keep the pipes as text instead of letting the sanitizer mash cells together.
md.disable("table");
// markdown-it's own check is a deny-list; replace it with our allow-list so rejected links stay plain text
// and countLinks sees exactly the links that render.
md.validateLink = isAllowedLink;
// Linear time on crafted input: link labels and bare addresses have bounds (markdown-bounds.ts).
boundLinkLabels(md);
boundLinkify(md);
// …and so do the number of tokens and of link targets: past them the body renders as text (markdown-bounds.ts).
// After md.validateLink is set: the bound wraps it.
boundElements(md);

// A comment must not add headings to the article's outline: "# Title" renders as a bold paragraph.
md.renderer.rules.heading_open = () => "<p><strong>";
md.renderer.rules.heading_close = () => "</strong></p>\n";

// The renderer writes the HTML exactly as the sanitizer would write it back (trustedShape below checks the shape;
// comment.render.test.ts checks the bytes against the sanitizer's over the XSS corpus and the costly shapes), so
// the sanitizer, whose cost grows with every element and entity, only runs when the shape is not the one expected.
// Text: `&`, `<` and `>` escaped, quotes left as they are (the sanitizer's way; only attributes escape `"`).
const TEXT_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };
const escapeText = (text: string) => text.replace(/[&<>]/g, (c) => TEXT_ESCAPES[c] as string);
const escapeAttr = md.utils.escapeHtml;
md.renderer.rules.text = (tokens, idx) => escapeText(tokens[idx].content);
md.renderer.rules.code_inline = (tokens, idx) => `<code>${escapeText(tokens[idx].content)}</code>`;
// Fenced code keeps no language class: a comment has no classes.
md.renderer.rules.code_block = (tokens, idx) => `<pre><code>${escapeText(tokens[idx].content)}</code></pre>\n`;
md.renderer.rules.fence = md.renderer.rules.code_block;
// A body over the bounds (markdown-bounds.ts): its paragraphs as text, a line break at each newline, as
// Markdown renders a paragraph of plain words.
md.renderer.rules[PLAIN_PARAGRAPH] = (tokens, idx) =>
  `<p>${escapeText(tokens[idx].content).replaceAll("\n", "<br />\n")}</p>\n`;
md.renderer.rules.link_open = (tokens, idx) => {
  const token = tokens[idx];
  const title = token.attrGet("title");
  return `<a href="${escapeAttr(token.attrGet("href") ?? "")}" rel="${LINK_REL}"${title ? ` title="${escapeAttr(title)}"` : ""}>`;
};

const defaultImage = md.renderer.rules.image as NonNullable<typeof md.renderer.rules.image>;
// Images outside the allowed origins fall back to their alt text, so the reader still sees what was meant.
md.renderer.rules.image = (tokens, idx, options, env: RenderEnv, self) => {
  const token = tokens[idx];
  if (isAllowedImage(token.attrGet("src") ?? "", env.imageOrigins)) {
    return defaultImage(tokens, idx, options, env, self);
  }
  return escapeText(self.renderInlineAsText(token.children ?? [], options, env));
};

// Every `<` the renderer writes opens one of these tags (text escapes its own), attribute values hold no `"`, `<`
// or `>`, and links go to http, https or mailto. Anything else (an image, or a renderer change) goes through the
// sanitizer as before. One linear scan.
const UNTRUSTED_TAG =
  /<(?!(?:\/?(?:p|strong|em|s|code|pre|blockquote|ul|ol|li|a)|br \/|hr \/|ol start="\d{1,9}"|a href="(?:https?|mailto):[^"<>]*" rel="nofollow ugc noopener"(?: title="[^"<>]*")?)>)/i;

/** True when the HTML is made only of the tags and attributes the renderer writes for text, links and blocks. */
export function trustedShape(html: string): boolean {
  return !UNTRUSTED_TAG.test(html);
}

const BASE_TAGS = ["p", "br", "strong", "em", "del", "s", "code", "pre", "blockquote", "ul", "ol", "li", "a", "hr"];

// A tag renamed to this is not in the allow-list, so sanitize-html drops the tag and keeps its text.
const DROPPED = "parlor-dropped";

function transformLink(_tag: string, attribs: sanitizeHtml.Attributes): sanitizeHtml.Tag {
  if (!isAllowedLink(attribs.href ?? "")) return { tagName: DROPPED, attribs: {} };
  const kept: sanitizeHtml.Attributes = { href: attribs.href, rel: LINK_REL };
  if (attribs.title) kept.title = attribs.title;
  return { tagName: "a", attribs: kept };
}

function sanitizerOptions(origins: ReadonlySet<string>): sanitizeHtml.IOptions {
  const withImages = origins.size > 0;
  return {
    allowedTags: withImages ? [...BASE_TAGS, "img"] : BASE_TAGS,
    allowedAttributes: { a: ["href", "title", "rel"], ol: ["start"], img: ["src", "alt", "title"] },
    allowedClasses: {},
    allowedSchemes: ["http", "https", "mailto"],
    allowedSchemesByTag: { img: ["http", "https"] },
    allowedSchemesAppliedToAttributes: ["href", "src", "cite"],
    allowProtocolRelative: false,
    allowVulnerableTags: false,
    disallowedTagsMode: "discard",
    enforceHtmlBoundary: false,
    parseStyleAttributes: false,
    // Second line of defence: markdown-it already filtered these, the sanitizer checks again.
    transformTags: {
      a: transformLink,
      img: (_tag, attribs) =>
        isAllowedImage(attribs.src ?? "", origins) ? { tagName: "img", attribs } : { tagName: DROPPED, attribs: {} },
    },
  };
}

const BASE_SANITIZER = sanitizerOptions(NO_ORIGINS);
// Image origins come from site config, so only a handful of distinct lists ever show up.
const imageSanitizers = new Map<string, { origins: ReadonlySet<string>; options: sanitizeHtml.IOptions }>();
const MAX_CACHED_ORIGIN_LISTS = 16;

function normalizeOrigins(list: readonly string[]): ReadonlySet<string> {
  const origins = new Set<string>();
  for (const entry of list) {
    const parsed = parseAbsolute(entry, IMAGE_PROTOCOLS);
    if (parsed) origins.add(parsed.origin);
  }
  return origins;
}

function configFor(options: RenderOptions | undefined): {
  origins: ReadonlySet<string>;
  options: sanitizeHtml.IOptions;
} {
  const list = options?.allowedImageOrigins;
  if (!list || list.length === 0) return { origins: NO_ORIGINS, options: BASE_SANITIZER };
  const key = list.join("\n");
  let config = imageSanitizers.get(key);
  if (!config) {
    const origins = normalizeOrigins(list);
    config = { origins, options: origins.size > 0 ? sanitizerOptions(origins) : BASE_SANITIZER };
    if (imageSanitizers.size >= MAX_CACHED_ORIGIN_LISTS) imageSanitizers.clear();
    imageSanitizers.set(key, config);
  }
  return config;
}

/** Render comment Markdown to HTML that is safe to insert into the page. */
export function renderMarkdown(markdown: string, options?: RenderOptions): string {
  return renderComment(markdown, options).html;
}

/** Number of links (explicit, autolinks, linkified bare URLs) the Markdown renders to. */
export function countLinks(markdown: string): number {
  const env: RenderEnv = { imageOrigins: NO_ORIGINS };
  return linksIn(md.parse(markdown, env), env);
}

/** renderMarkdown and countLinks from one parse (a new comment needs both). */
export function renderComment(markdown: string, options?: RenderOptions): { html: string; links: number } {
  const config = configFor(options);
  const env: RenderEnv = { imageOrigins: config.origins };
  const tokens = md.parse(markdown, env);
  const rendered = md.renderer.render(tokens, md.options, env);
  const html = trustedShape(rendered) ? rendered : sanitizeHtml(rendered, config.options);
  return { html, links: linksIn(tokens, env) };
}

/** The same render with the sanitizer always run over it, as before trustedShape: what the tests compare with. */
export function renderSanitized(markdown: string, options?: RenderOptions): string {
  const config = configFor(options);
  const env: RenderEnv = { imageOrigins: config.origins };
  return sanitizeHtml(md.render(markdown, env), config.options);
}

function linksIn(tokens: ReturnType<typeof md.parse>, env: RenderEnv): number {
  let links = env.uncountedLinks ?? 0;
  // Image alt text lives in the image token's own children and renders as text, so it is not walked.
  for (const block of tokens) {
    for (const token of block.children ?? []) {
      if (token.type === "link_open") links++;
    }
  }
  // Past the bound on link targets the rest stay text: more links than the bound were written.
  return env.tooManyLinks ? Math.max(links, MAX_LINK_TARGETS + 1) : links;
}
