import type { Kysely } from "kysely";
import type { CommentRow, CommentsDb } from "../db/schema.ts";
import { commentsAfter, notifyAddressesAfter, threadsAfter } from "./export.repository.ts";
import {
  PARLOR_FORMAT,
  PARLOR_FORMAT_VERSION,
  type ParlorCommentLine,
  type ParlorHeader,
  type ParlorLine,
} from "./parlor-format.ts";

const PAGE = 1000;

export function toCommentLine(row: CommentRow): ParlorCommentLine {
  return {
    type: "comment",
    id: row.id,
    uri: row.uri,
    parentId: row.parent_id,
    status: row.status,
    author: {
      name: row.author_name,
      email: row.author_email,
      website: row.author_website,
      isModerator: row.is_moderator === 1,
    },
    body: row.body,
    html: row.html,
    flags: row.flags ? row.flags.split(",") : [],
    notifyReplies: row.notify_replies === 1,
    clientHash: row.client_hash,
    createdAt: row.created_at,
    editedAt: row.edited_at,
    deletedAt: row.deleted_at,
    moderatedAt: row.moderated_at,
  };
}

/**
 * Every comment, thread and reply-notification address as JSON lines, read page by page (keyset pagination), so
 * memory stays flat however large the store. Edit tokens are not exported: their windows are long closed.
 * The service keeps no edit history (only `editedAt`), so there is none to export.
 */
export async function* exportComments(db: Kysely<CommentsDb>, now: Date = new Date()): AsyncGenerator<string> {
  const line = (value: ParlorHeader | ParlorLine) => `${JSON.stringify(value)}\n`;
  yield line({ format: PARLOR_FORMAT, version: PARLOR_FORMAT_VERSION, exportedAt: now.toISOString() });
  let after: { created_at: string; id: string } | null = null;
  for (;;) {
    const rows: CommentRow[] = await commentsAfter(db, after, PAGE);
    for (const row of rows) yield line(toCommentLine(row));
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1];
  }
  let uri: string | null = null;
  for (;;) {
    const rows = await threadsAfter(db, uri, PAGE);
    for (const t of rows) {
      yield line({
        type: "thread",
        uri: t.uri,
        total: t.total,
        updatedAt: t.updated_at,
        closed: t.closed === null ? null : t.closed === 1,
        closedChangedAt: t.closed_changed_at,
      });
    }
    if (rows.length < PAGE) break;
    uri = rows[rows.length - 1].uri;
  }
  let key: string | null = null;
  for (;;) {
    const rows = await notifyAddressesAfter(db, key, PAGE);
    for (const a of rows) {
      yield line({
        type: "notifyAddress",
        email: a.email,
        confirmedAt: a.confirmed_at,
        unsubscribedAt: a.unsubscribed_at,
        createdAt: a.created_at,
      });
    }
    if (rows.length < PAGE) break;
    key = rows[rows.length - 1].email_key;
  }
}
