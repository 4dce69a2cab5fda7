import { Conflict } from "@parlor/kit";
import { writeTransaction } from "@parlor/kit/store";
import type { Kysely } from "kysely";
import { recordAudit } from "../audit/audit.repository.ts";
import { CommentNotFound } from "../comments/comment.errors.ts";
import { countPins, findComment, touchThread, updateComment } from "../comments/comment.repository.ts";
import { toAdminCommentView } from "../comments/comment.view.ts";
import { PIN_LIMIT } from "../comments/thread.ts";
import type { CommentsDb } from "../db/schema.ts";

export class PinLimitReached extends Conflict {
  constructor(uri: string) {
    super(`A page has at most ${PIN_LIMIT} pinned comments, and ${uri} has ${PIN_LIMIT}: unpin one first.`);
  }
}

export class NotPublished extends Conflict {
  constructor(id: string) {
    super(`Comment ${id} is not published: only a published comment can be pinned.`);
  }
}

/**
 * Pinning: a moderator puts a published comment (the physician's answer) at the head of its page's thread.
 * Idempotent like every moderation action; each change is audited (`comment.pin`, `comment.unpin`) and bumps the
 * thread's version, so readers' ETags and caches go stale.
 */
export function createPinService(deps: {
  db: Kysely<CommentsDb>;
  clock: { now(): Date };
  events: { emit(event: string, fields: Record<string, unknown>): void };
}) {
  const { db, clock } = deps;

  async function setPinned(id: string, pinned: boolean, actor: string) {
    const row = await findComment(db, id);
    if (!row || row.deleted_at !== null) throw new CommentNotFound(id);
    if (pinned && row.status !== "approved") throw new NotPublished(id);
    if ((row.pinned_at !== null) === pinned) return toAdminCommentView(row);
    const now = clock.now().toISOString();
    await writeTransaction(db, async (trx) => {
      // The version bump locks the page's row (PostgreSQL): two pins racing for the last place are counted in turn.
      await touchThread(trx, row.uri, now);
      if (pinned && (await countPins(trx, row.uri, id)) >= PIN_LIMIT) throw new PinLimitReached(row.uri);
      await updateComment(trx, id, { pinned_at: pinned ? now : null });
      await recordAudit(trx, {
        actor,
        action: pinned ? "comment.pin" : "comment.unpin",
        subject: id,
        uri: row.uri,
        before: row.status,
        after: row.status,
        at: clock.now(),
      });
    });
    deps.events.emit(pinned ? "comment.pinned" : "comment.unpinned", { id, uri: row.uri });
    return toAdminCommentView({ ...row, pinned_at: pinned ? now : null });
  }

  return {
    pin: (id: string, actor: string) => setPinned(id, true, actor),
    unpin: (id: string, actor: string) => setPinned(id, false, actor),
  };
}
export type PinService = ReturnType<typeof createPinService>;
