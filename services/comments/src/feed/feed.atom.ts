import type { CommentRow } from "../db/schema.ts";

const escapeXml = (s: string) =>
  s.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c] as string);

// XML 1.0 cannot carry most control characters, even escaped; a feed reader would refuse the whole feed.
const xmlText = (s: string) => escapeXml(s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, ""));

export interface FeedInput {
  /** The feed's own URL (its id and rel="self"). */
  selfUrl: string;
  title: string;
  /** The page the feed is about (rel="alternate"), or the site. */
  alternateUrl: string;
  rows: CommentRow[];
  permalink: (row: CommentRow) => string;
  /** Used as <updated> when there is no entry yet. */
  now: Date;
}

/**
 * An Atom 1.0 document (RFC 4287) of approved comments: every required element (feed id, title, updated; entry
 * id, title, updated, author) with RFC 3339 dates; the entry id is the comment's permalink, so it never changes.
 * The content is the stored, already sanitized HTML, escaped as `type="html"`. No email address appears.
 */
export function renderAtom(f: FeedInput): string {
  // ISO-8601 UTC strings sort as their times do: the newest is the last.
  const updated =
    f.rows
      .map((r) => r.edited_at ?? r.created_at)
      .sort()
      .at(-1) ?? f.now.toISOString();
  const entries = f.rows.map((r) => {
    const link = f.permalink(r);
    return `  <entry>
    <id>${xmlText(link)}</id>
    <title>${xmlText(`${r.author_name} on ${r.uri}`)}</title>
    <updated>${r.edited_at ?? r.created_at}</updated>
    <published>${r.created_at}</published>
    <author><name>${xmlText(r.author_name)}</name>${r.author_website ? `<uri>${xmlText(r.author_website)}</uri>` : ""}</author>
    <link rel="alternate" type="text/html" href="${xmlText(link)}"/>
    <content type="html">${xmlText(r.html)}</content>
  </entry>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${xmlText(f.selfUrl)}</id>
  <title>${xmlText(f.title)}</title>
  <updated>${updated}</updated>
  <link rel="self" type="application/atom+xml" href="${xmlText(f.selfUrl)}"/>
  <link rel="alternate" type="text/html" href="${xmlText(f.alternateUrl)}"/>
  <generator>Parlor</generator>
${entries.join("\n")}
</feed>
`;
}
