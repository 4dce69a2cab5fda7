import { createWebhookEmitter, type WebhookRoutes } from "@parlor/webhooks";
import type { Kysely } from "kysely";
import { type IssueRow, type NewsletterDb, type SubscriberRow, WEBHOOK_OUTBOX_TABLE } from "./db/schema.ts";

/**
 * Why a subscriber event fired (`data.cause`; docs/webhooks.md lists them by event): the `reader` (confirm link,
 * unsubscribe link or one-click), a `complaint` or a `bounce` (the relay's refusal at send time, or the bounce
 * webhook), an `erasure` (the owner's, or the reader's through a mailed link).
 */
export type SubscriberEventCause = "reader" | "complaint" | "bounce" | "erasure";

/** The statuses of someone on the list: leaving them is announced as subscriber.unsubscribed. */
export const SUBSCRIBED: readonly SubscriberRow["status"][] = ["active", "pending", "pending_review"];

/**
 * What a subscriber event carries. Webhooks go to the operator's own systems (a CRM, a list elsewhere), so the
 * address is included; the client-address hash, tokens and consent wording are not.
 */
export function subscriberEventData(row: SubscriberRow, cause: SubscriberEventCause) {
  return {
    cause,
    id: row.id,
    email: row.email,
    name: row.name,
    status: row.status,
    source: row.source,
    createdAt: row.created_at,
    confirmedAt: row.confirmed_at,
    unsubscribedAt: row.unsubscribed_at,
  };
}

/** An issue's send, asked for by an editor (at once or at a time), is done: `cause` is always `editor`. */
export function issueEventData(row: IssueRow, progress: { recipients: number; sent: number; failed: number }) {
  return {
    cause: "editor" as const,
    id: row.id,
    slug: row.slug,
    subject: row.subject,
    sentAt: row.sent_at,
    ...progress,
  };
}

type Trx = Kysely<NewsletterDb>;

/** The newsletter's webhook events, queued in the caller's transaction (see @parlor/webhooks). */
export function createWebhooks(config: { WEBHOOK_URLS: WebhookRoutes }, clock?: { now(): Date }) {
  const emitter = createWebhookEmitter({ table: WEBHOOK_OUTBOX_TABLE, routes: config.WEBHOOK_URLS, clock });
  return {
    async subscriber(
      trx: Trx,
      type: "subscriber.confirmed" | "subscriber.unsubscribed",
      row: SubscriberRow,
      cause: SubscriberEventCause,
    ) {
      await emitter.emit(trx, type, subscriberEventData(row, cause));
    },
    /**
     * An erased subscriber who was on the list has left it: subscriber.unsubscribed with the id only (the address
     * and name are what was erased; match on the id that subscriber.confirmed carried).
     */
    async erased(trx: Trx, row: SubscriberRow) {
      const data = { ...subscriberEventData(row, "erasure"), email: null, name: null, status: "erased" };
      await emitter.emit(trx, "subscriber.unsubscribed", data);
    },
    async issueSent(trx: Trx, row: IssueRow, progress: { recipients: number; sent: number; failed: number }) {
      await emitter.emit(trx, "issue.sent", issueEventData(row, progress));
    },
  };
}
export type NewsletterWebhooks = ReturnType<typeof createWebhooks>;
