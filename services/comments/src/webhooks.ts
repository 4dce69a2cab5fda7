import { createWebhookEmitter } from "@parlor/webhooks";
import type { Kysely } from "kysely";
import type { CommentsConfig } from "./config.ts";
import { type CommentRow, type CommentsDb, WEBHOOK_OUTBOX_TABLE } from "./db/schema.ts";

/**
 * What a comment event carries. Webhooks go to the operator's own systems, so the author's email is included
 * (as the console shows it); the client-address hash, edit token and notification choice are not.
 */
export function commentEventData(row: CommentRow) {
  return {
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
    createdAt: row.created_at,
  };
}

type Trx = Kysely<CommentsDb>;

/** The comments service's webhook events, queued in the caller's transaction (see @parlor/webhooks). */
export function createWebhooks(config: Pick<CommentsConfig, "WEBHOOK_URLS">, clock?: { now(): Date }) {
  const emitter = createWebhookEmitter({ table: WEBHOOK_OUTBOX_TABLE, routes: config.WEBHOOK_URLS, clock });
  return {
    /** comment.created for every comment a reader posted (not spam), and comment.held as well when it waits. */
    async commentCreated(trx: Trx, row: CommentRow) {
      if (row.status === "spam") return;
      await emitter.emit(trx, "comment.created", commentEventData(row));
      if (row.status === "pending") await emitter.emit(trx, "comment.held", commentEventData(row));
    },
    /** comment.held (waits for a moderator), comment.approved (a moderator published it), comment.edited (an edit published at once). */
    async emit(trx: Trx, type: "comment.approved" | "comment.held" | "comment.edited", row: CommentRow) {
      await emitter.emit(trx, type, commentEventData(row));
    },
  };
}
export type Webhooks = ReturnType<typeof createWebhooks>;
