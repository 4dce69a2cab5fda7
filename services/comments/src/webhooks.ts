import { createWebhookEmitter } from "@parlor/webhooks";
import type { Kysely } from "kysely";
import type { CommentsConfig } from "./config.ts";
import { type CommentRow, type CommentsDb, WEBHOOK_OUTBOX_TABLE } from "./db/schema.ts";

/**
 * Why a comment event fired (`data.cause`; docs/webhooks.md lists them by event): `reader` posted it; at posting,
 * the `screen` held it (a flag) or the `policy` decided (MODERATION, with nothing flagged), or the `trusted`
 * commenter rule published it; a `moderator` decided (console, API, email link) or the `cli`; readers' `reports`
 * sent it back to the queue; the author's `edit` waits for a moderator, or is published at once (comment.edited).
 */
export type CommentEventCause = "reader" | "screen" | "policy" | "trusted" | "moderator" | "cli" | "reports" | "edit";

/** The cause of a moderation decision: the audit's actor `cli` is the operator's command line, anyone else a moderator. */
export const decisionCause = (actor: string): CommentEventCause => (actor === "cli" ? "cli" : "moderator");

/**
 * What a comment event carries. Webhooks go to the operator's own systems, so the author's email is included
 * (as the console shows it); the client-address hash, edit token and notification choice are not.
 */
export function commentEventData(row: CommentRow, cause: CommentEventCause) {
  return {
    cause,
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
    /**
     * comment.created for every comment a reader posted (not spam), and as well comment.held when it waits or
     * comment.approved when it is published at once; `decidedBy` is why (the publish policy's reason).
     */
    async commentCreated(trx: Trx, row: CommentRow, decidedBy: string) {
      if (row.status === "spam") return;
      await emitter.emit(trx, "comment.created", commentEventData(row, "reader"));
      const cause = decidedBy === "flagged" ? "screen" : decidedBy === "trusted" ? "trusted" : "policy";
      if (row.status === "pending") await emitter.emit(trx, "comment.held", commentEventData(row, cause));
      if (row.status === "approved") await emitter.emit(trx, "comment.approved", commentEventData(row, cause));
    },
    /**
     * comment.held (it waits for a moderator), comment.approved (a moderator or the operator published it),
     * comment.edited (an author's edit published at once).
     */
    async emit(
      trx: Trx,
      type: "comment.approved" | "comment.held" | "comment.edited",
      row: CommentRow,
      cause: CommentEventCause,
    ) {
      await emitter.emit(trx, type, commentEventData(row, cause));
    },
  };
}
export type Webhooks = ReturnType<typeof createWebhooks>;
