import type { FormatReader, ImportRecord } from "../import.types.ts";
import { childText, xmlElements } from "../xml-source.ts";

const STATUS: Record<string, ImportRecord["status"]> = {
  "1": "approved",
  "0": "pending",
  spam: "spam",
  trash: "approved",
};

// WordPress WXR: each <item> (a post or page) has a <link> and its comments as <wp:comment> children.
// comment_approved is 1, 0 (held), spam or trash; comment_date_gmt is "YYYY-MM-DD HH:MM:SS" in UTC.
export const readWxr: FormatReader = async function* (path, progress) {
  for await (const item of xmlElements(path, (name) => name === "item", progress)) {
    const page = childText(item, "link");
    for (const c of item.children.filter((n) => n.name === "wp:comment")) {
      const at = `line ${c.line} (<wp:comment>)`;
      const id = childText(c, "wp:comment_id");
      if (!id) {
        yield { kind: "invalid", at, reason: "<wp:comment> has no wp:comment_id" };
        continue;
      }
      const type = childText(c, "wp:comment_type");
      if (type === "pingback" || type === "trackback") continue; // not comments anyone wrote here
      const gmt = childText(c, "wp:comment_date_gmt");
      const approved = childText(c, "wp:comment_approved");
      const parent = childText(c, "wp:comment_parent");
      yield {
        kind: "comment",
        record: {
          sourceId: id,
          at,
          page,
          parentSourceId: parent && parent !== "0" ? parent : null,
          createdAt:
            gmt && gmt !== "0000-00-00 00:00:00" ? `${gmt.replace(" ", "T")}Z` : childText(c, "wp:comment_date"),
          author: {
            name: childText(c, "wp:comment_author"),
            email: childText(c, "wp:comment_author_email") || null,
            website: childText(c, "wp:comment_author_url") || null,
          },
          body: { html: paragraphs(childText(c, "wp:comment_content")) },
          status: STATUS[approved] ?? "pending",
          deleted: approved === "trash",
        },
      };
    }
  }
};

// WordPress keeps comments as text with blank lines between paragraphs and adds <p> only when it shows them.
function paragraphs(content: string): string {
  return content
    .split(/\r?\n\s*\n/)
    .map((p) => `<p>${p.replace(/\r?\n/g, "<br>")}</p>`)
    .join("");
}
