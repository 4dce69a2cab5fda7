import { createWebhookEmitter, type WebhookRoutes } from "@parlor/webhooks";
import type { Kysely } from "kysely";
import { type IssueRow, type NewsletterDb, type SubscriberRow, WEBHOOK_OUTBOX_TABLE } from "./db/schema.ts";

/**
 * What a subscriber event carries. Webhooks go to the operator's own systems (a CRM, a list elsewhere), so the
 * address is included; the client-address hash, tokens and consent wording are not.
 */
export function subscriberEventData(row: SubscriberRow) {
  return {
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

export function issueEventData(row: IssueRow, progress: { recipients: number; sent: number; failed: number }) {
  return { id: row.id, slug: row.slug, subject: row.subject, sentAt: row.sent_at, ...progress };
}

type Trx = Kysely<NewsletterDb>;

/** The newsletter's webhook events, queued in the caller's transaction (see @parlor/webhooks). */
export function createWebhooks(config: { WEBHOOK_URLS: WebhookRoutes }, clock?: { now(): Date }) {
  const emitter = createWebhookEmitter({ table: WEBHOOK_OUTBOX_TABLE, routes: config.WEBHOOK_URLS, clock });
  return {
    async subscriber(trx: Trx, type: "subscriber.confirmed" | "subscriber.unsubscribed", row: SubscriberRow) {
      await emitter.emit(trx, type, subscriberEventData(row));
    },
    async issueSent(trx: Trx, row: IssueRow, progress: { recipients: number; sent: number; failed: number }) {
      await emitter.emit(trx, "issue.sent", issueEventData(row, progress));
    },
  };
}
export type NewsletterWebhooks = ReturnType<typeof createWebhooks>;
