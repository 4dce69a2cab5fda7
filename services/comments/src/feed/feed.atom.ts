import { renderAtom as atom } from "@parlor/kit/pages";
import type { CommentRow } from "../db/schema.ts";

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
 * Approved comments as Atom (kit's writer): the entry id is the comment's permalink, so it never changes; the
 * content is the stored, already sanitized HTML. No email address appears.
 */
export function renderAtom(f: FeedInput): string {
  return atom({
    selfUrl: f.selfUrl,
    title: f.title,
    alternateUrl: f.alternateUrl,
    now: f.now,
    entries: f.rows.map((r) => ({
      id: f.permalink(r),
      title: `${r.author_name} on ${r.uri}`,
      updated: r.edited_at ?? r.created_at,
      published: r.created_at,
      author: { name: r.author_name, uri: r.author_website },
      link: f.permalink(r),
      html: r.html,
    })),
  });
}
