import { newId } from "@parlor/kit";
import type { Kysely } from "kysely";
import type { CommentAuditTable, CommentsDb } from "../db/schema.ts";

export interface AuditEntry {
  /** Who: "owner", a moderator's name, "email-link", "reader" (self-service), "retention". */
  actor: string;
  /** What, e.g. "comment.approve", "comment.erase", "token.revoke". */
  action: string;
  /** Which: a comment id, or a moderator's name for token actions. Never an email address. */
  subject: string;
  uri?: string | null;
  before?: string | null;
  after?: string | null;
  /** A short note without personal data (e.g. a count). */
  detail?: string | null;
  at?: Date;
}

/**
 * Writes one audit row. Call it inside the transaction that makes the change, so the log and the change
 * commit (or fail) together:
 *
 *   await writeTransaction(db, async (trx) => { …change…; await recordAudit(trx, { actor, action, subject }); });
 */
export async function recordAudit(trx: Kysely<CommentsDb>, entry: AuditEntry) {
  const at = entry.at ?? new Date();
  await trx
    .insertInto("comment_audit")
    .values({
      id: newId(at.getTime()),
      at: at.toISOString(),
      actor: entry.actor.slice(0, 100),
      action: entry.action.slice(0, 40),
      subject: entry.subject.slice(0, 2048),
      uri: entry.uri ?? null,
      status_before: entry.before ?? null,
      status_after: entry.after ?? null,
      detail: entry.detail?.slice(0, 500) ?? null,
    })
    .execute();
}

/** Newest first, after the cursor's id, optionally for one actor or one subject. */
export async function listAudit(
  db: Kysely<CommentsDb>,
  q: { limit: number; before?: string; actor?: string; subject?: string },
): Promise<CommentAuditTable[]> {
  let query = db.selectFrom("comment_audit").selectAll().orderBy("id", "desc").limit(q.limit);
  if (q.before) query = query.where("id", "<", q.before);
  if (q.actor) query = query.where("actor", "=", q.actor);
  if (q.subject) query = query.where("subject", "=", q.subject);
  return query.execute();
}

export const toAuditView = (r: CommentAuditTable) => ({
  id: r.id,
  at: r.at,
  actor: r.actor,
  action: r.action,
  subject: r.subject,
  uri: r.uri,
  statusBefore: r.status_before,
  statusAfter: r.status_after,
  detail: r.detail,
});

/** The last change of a comment's status the log holds (who and when), or undefined. */
export function lastStatusChange(db: Kysely<CommentsDb>, commentId: string) {
  return db
    .selectFrom("comment_audit")
    .select(["actor", "action", "at", "status_after"])
    .where("subject", "=", commentId)
    .where("action", "like", "comment.%")
    .where((eb) =>
      eb("status_after", "is not", null).and(
        eb("status_before", "is", null).or("status_before", "!=", eb.ref("status_after")),
      ),
    )
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
}
