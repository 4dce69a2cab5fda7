import { autop } from "@wordpress/autop";
import type { FormatReader, ImportRecord, ReaderItem } from "../import.types.ts";
import { unescapeName } from "../markup.ts";
import { queryIdentity } from "../page-identity.ts";
import { childText, type XmlNode, type XmlWarning, xmlElements } from "../xml-source.ts";

const STATUS: Record<string, ImportRecord["status"]> = {
  "1": "approved",
  "0": "pending",
  spam: "spam",
  trash: "approved", // and deleted: a stub while it has replies
  "post-trashed": "approved",
};

// Comment types written by readers. Everything else is the site's own bookkeeping and never was public:
// pingbacks and trackbacks, WordPress 6.9's editorial notes ("note"), shop order notes, plugin logs.
const READER_TYPES = new Set(["", "comment", "review"]);
const SKIPPED_TYPE: Record<string, string> = {
  note: 'an editorial note (comment_type "note")',
  pingback: "a pingback",
  trackback: "a trackback",
};

// Where an item's comments could be read. Comments on anything else are skipped, never published: see
// docs/import.md ("Private items").
const PUBLIC_STATUSES = new Set(["publish", "inherit"]);
const PRIVATE_REASON: Record<string, string> = {
  private: "on a private item",
  draft: "on a draft",
  "auto-draft": "on a draft",
  pending: "on a draft",
  future: "on a scheduled item (not yet published)",
  trash: "on a trashed item",
};

// WordPress's own records, exported as items too (menus, templates, styles, patterns): no reader ever saw a comment
// form on them, so their "comments closed" closes no page here.
const INTERNAL_TYPE =
  /^(wp_|nav_menu_item$|custom_css$|customize_changeset$|oembed_cache$|user_request$|revision$|attachment$)/;

// SEO plugins keep a post's canonical address in post meta; WordPress itself writes none into the export.
const CANONICAL_META = new Set(["_yoast_wpseo_canonical", "rank_math_canonical_url"]);

// WordPress WXR: each <item> (a post, page or attachment) has a <link> and its comments as <wp:comment> children.
// comment_date_gmt is "YYYY-MM-DD HH:MM:SS" in UTC; comment_date is the site's local time, with no zone.
export const readWxr: FormatReader = async function* (path, progress) {
  const warnings: XmlWarning[] = [];
  let base = "";
  const paths = new Map<string, { path: string; type: string }>(); // post id → its permalink path, as seen so far
  for await (const el of xmlElements(
    path,
    "rss",
    (name, depth) => depth === 3 && (name === "item" || name === "wp:base_blog_url"),
    progress,
    warnings,
  )) {
    if (el.name === "wp:base_blog_url") {
      base = pathOf(el.text.trim());
      continue;
    }
    yield* itemComments(el, base, paths);
  }
  for (const w of warnings) yield { kind: "warning", ...w };
};

function* itemComments(
  item: XmlNode,
  base: string,
  paths: Map<string, { path: string; type: string }>,
): Generator<ReaderItem> {
  const link = childText(item, "link");
  const type = childText(item, "wp:post_type");
  const status = childText(item, "wp:status") || "publish";
  const permalink = permalinkOf(item, base, paths);
  const title = childText(item, "title") || undefined;
  const page = link;
  const hidden = childText(item, "wp:post_password")
    ? "on a password-protected item"
    : PUBLIC_STATUSES.has(status)
      ? null
      : (PRIVATE_REASON[status] ?? `on an unpublished item (status "${status}")`);
  if (!hidden && childText(item, "wp:comment_status") === "closed" && !INTERNAL_TYPE.test(type)) {
    yield { kind: "pageState", at: `line ${item.line} (<item>)`, page, permalink, closed: true };
  }
  for (const c of item.children.filter((n) => n.name === "wp:comment")) {
    const at = `line ${c.line} (<wp:comment>)`;
    const id = childText(c, "wp:comment_id");
    if (!id) {
      yield { kind: "invalid", at, reason: "<wp:comment> has no wp:comment_id" };
      continue;
    }
    const commentType = childText(c, "wp:comment_type");
    if (!READER_TYPES.has(commentType)) {
      const reason = SKIPPED_TYPE[commentType] ?? `comment type "${commentType}"`;
      yield { kind: "skip", at, reason };
      continue;
    }
    if (hidden) {
      yield { kind: "skip", at, reason: hidden };
      continue;
    }
    const gmt = childText(c, "wp:comment_date_gmt");
    const approved = childText(c, "wp:comment_approved");
    const parent = childText(c, "wp:comment_parent");
    const record: ImportRecord = {
      sourceId: id,
      at,
      page,
      permalink,
      pageTitle: title,
      parentSourceId: parent && parent !== "0" ? parent : null,
      createdAt: gmt && gmt !== "0000-00-00 00:00:00" ? `${gmt.replace(" ", "T")}Z` : childText(c, "wp:comment_date"),
      author: {
        // WordPress stores names and addresses HTML-escaped (esc_html on save): shown unescaped, as readers saw them.
        name: unescapeName(childText(c, "wp:comment_author")),
        email: childText(c, "wp:comment_author_email") || null,
        website: unescapeName(childText(c, "wp:comment_author_url")) || null,
      },
      // Comments are stored as typed; WordPress adds paragraphs and line breaks (wpautop) only when it shows them.
      body: { html: autop(childText(c, "wp:comment_content")) },
      status: STATUS[approved] ?? "pending",
      deleted: approved === "trash" || approved === "post-trashed",
    };
    yield { kind: "comment", record };
  }
}

/**
 * The item's own path when its link names it only by a query (`/?p=12`, default permalinks): its canonical link
 * (SEO plugins' meta) or, failing that, its slug under the blog's path (`/<slug>` for posts; pages nest under their
 * parents, attachments under their post, as WordPress's pretty permalinks do). Undefined when the link has a path
 * of its own, or the item no slug (drafts have none).
 */
function permalinkOf(item: XmlNode, base: string, paths: Map<string, { path: string; type: string }>) {
  const id = childText(item, "wp:post_id");
  const slug = childText(item, "wp:post_name");
  const type = childText(item, "wp:post_type");
  const parent = paths.get(childText(item, "wp:post_parent"));
  const under = (type === "page" && parent?.type === "page") || type === "attachment" ? (parent?.path ?? base) : base;
  const own = slug ? `${under.replace(/\/$/, "")}/${slug}` : undefined; // slugs are URL-encoded already
  if (id && own) paths.set(id, { path: own, type });
  if (!queryIdentity(childText(item, "link"))) return undefined;
  const canonical = item.children
    .filter((m) => m.name === "wp:postmeta" && CANONICAL_META.has(childText(m, "wp:meta_key")))
    .map((m) => pathOf(childText(m, "wp:meta_value")))
    .find((p) => p !== "" && p !== "/");
  return canonical ?? own;
}

function pathOf(url: string): string {
  try {
    return new URL(url, "http://x.invalid").pathname;
  } catch {
    return "";
  }
}
