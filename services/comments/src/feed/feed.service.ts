import type { Kysely } from "kysely";
import { latestApproved } from "../comments/comment.repository.ts";
import type { CommentRow, CommentsDb } from "../db/schema.ts";
import { renderAtom } from "./feed.atom.ts";

const ENTRIES = 50;

/** The Atom feed of the newest approved comments: of one page (`uri`) or of the whole site. */
export function createFeed(deps: {
  db: Kysely<CommentsDb>;
  publicUrl: () => string;
  siteName: string;
  clock: { now(): Date };
}) {
  async function atom(uri: string | undefined): Promise<string> {
    const rows = await latestApproved(deps.db, { uri, limit: ENTRIES });
    const base = deps.publicUrl().replace(/\/$/, "");
    const selfUrl = `${base}/comments/feed.atom${uri ? `?uri=${encodeURIComponent(uri)}` : ""}`;
    const permalink = (r: CommentRow) => `${base}${r.uri}?parlor-comment=${r.id}#comment-${r.id}`;
    return renderAtom({
      selfUrl,
      title: uri ? `Comments on ${uri}` : `Comments on ${deps.siteName}`,
      alternateUrl: `${base}${uri ?? "/"}`,
      rows,
      permalink,
      now: deps.clock.now(),
    });
  }
  return { atom };
}
export type Feed = ReturnType<typeof createFeed>;
