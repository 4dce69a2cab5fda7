import { invalidField } from "@parlor/kit";
import { decodeCursor, encodeCursor } from "@parlor/validation";
import type { Kysely } from "kysely";
import { findComments } from "../comments/comment.repository.ts";
import { type AdminCommentView, toAdminCommentView } from "../comments/comment.view.ts";
import { pageTitles } from "../comments/page.repository.ts";
import { revisionsOf } from "../comments/revision.repository.ts";
import type { CommentRow, CommentsDb } from "../db/schema.ts";
import { type ReportSummary, reportSummaries } from "../reports/report.repository.ts";
import { crisisFirst, listQueue, type QueueSearch, queueCounts } from "./queue.repository.ts";
import type { QueueQuery } from "./queue.schemas.ts";

/** The comment a held reply answers, so the moderator reads the reply in its context. */
export interface ParentView {
  id: string;
  status: CommentRow["status"];
  author: { name: string; isModerator: boolean };
  html: string;
  deleted: boolean;
}

export type QueueItem = AdminCommentView & {
  reports?: ReportSummary;
  parent?: ParentView | null;
  /** The page's title as the widget last sent it; null when none was. */
  pageTitle: string | null;
};

function toParentView(row: CommentRow): ParentView {
  const view = toAdminCommentView(row);
  return {
    id: view.id,
    status: view.status,
    author: { name: view.author.name, isModerator: view.author.isModerator },
    html: view.html,
    deleted: view.deleted,
  };
}

/** The cursor names the last row shown: its time and id, and (crisis-first views) whether it was a crisis one. */
function readCursor(cursor: string | undefined): QueueSearch["after"] {
  if (!cursor) return undefined;
  const d = decodeCursor(cursor) as { t?: unknown; i?: unknown; c?: unknown } | null;
  if (typeof d?.t !== "string" || typeof d?.i !== "string")
    throw invalidField("cursor", "must be a cursor returned by this API");
  return { createdAt: d.t, id: d.i, crisis: d.c === 1 };
}

/**
 * One page of a moderation view: the comments, each with its open reader reports, its page's title and, for a
 * reply, the comment it answers (`parent`, null when that is gone), in one query each per page.
 */
export async function queuePage(db: Kysely<CommentsDb>, query: QueueQuery) {
  const { cursor, limit, ...search } = query;
  const rows = await listQueue(db, { ...search, limit: limit + 1, after: readCursor(cursor) });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const reports = await reportSummaries(
    db,
    page.map((r) => r.id),
  );
  const parentIds = [...new Set(page.map((r) => r.parent_id).filter((id): id is string => id !== null))];
  const parents = new Map((await findComments(db, parentIds)).map((r) => [r.id, toParentView(r)]));
  const revisions = await revisionsOf(
    db,
    page.filter((r) => r.status === "approved").map((r) => r.id),
  );
  const titles = await pageTitles(db, [...new Set(page.map((r) => r.uri))]);
  const comments: QueueItem[] = page.map((r) => {
    const view: QueueItem = { ...toAdminCommentView(r, revisions.get(r.id)), pageTitle: titles.get(r.uri) ?? null };
    const summary = reports.get(r.id);
    if (summary) view.reports = summary;
    if (r.parent_id !== null) view.parent = parents.get(r.parent_id) ?? null;
    return view;
  });
  let nextCursor: string | null = null;
  if (rows.length > limit && last) {
    // The rank crisisRank gave it: its own flags, or those of its waiting edit.
    const flags = [...last.flags.split(","), ...(revisions.get(last.id)?.flags.split(",") ?? [])];
    const crisis = crisisFirst(query) && flags.includes("crisis");
    nextCursor = encodeCursor(crisis ? { t: last.created_at, i: last.id, c: 1 } : { t: last.created_at, i: last.id });
  }
  return { comments, nextCursor };
}

/** The moderation queue of one store: a page of a view, and how many comments each view holds. */
export function createQueue(db: Kysely<CommentsDb>) {
  return { page: (query: QueueQuery) => queuePage(db, query), counts: () => queueCounts(db) };
}
export type Queue = ReturnType<typeof createQueue>;
