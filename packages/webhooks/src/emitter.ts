import { newId } from "@parlor/kit";
import { type AnyDb, enqueueItems } from "@parlor/outbox";
import { urlsFor, type WebhookRoutes } from "./config.ts";

/** What the receiver gets as the request body. */
export interface WebhookEvent<T = unknown> {
  id: string;
  type: string;
  createdAt: string;
  data: T;
}

/**
 * A webhook delivery's payload in its outbox row: the URL and the exact body. The signature is made at send time
 * (its timestamp is the send's). Once delivered, only `{ url, delivered: true }` is kept.
 */
export interface StoredDelivery {
  url: string;
  body: string;
}

export interface WebhookEmitter {
  /** Queues `type` for every URL configured for it, inside the caller's transaction. Returns the event id, or null when no URL wants it. */
  emit(trx: AnyDb, type: string, data: unknown): Promise<string | null>;
}

/**
 * Queues webhook deliveries in an outbox table (`createOutboxTable` of @parlor/outbox), one row per URL, so each
 * endpoint is retried on its own. Written in the same transaction as the change: an event exists exactly when the
 * change committed.
 *
 *   const webhooks = createWebhookEmitter({ table: "comment_webhook_outbox", routes: config.WEBHOOK_URLS });
 *   await writeTransaction(db, async (trx) => { …; await webhooks.emit(trx, "comment.created", payload); });
 */
export function createWebhookEmitter(options: {
  table: string;
  routes: WebhookRoutes;
  clock?: { now(): Date };
}): WebhookEmitter {
  const clock = options.clock ?? { now: () => new Date() };
  return {
    async emit(trx, type, data) {
      const urls = urlsFor(options.routes, type);
      if (urls.length === 0) return null;
      const now = clock.now();
      const id = newId(now.getTime());
      const body = JSON.stringify({ id, type, createdAt: now.toISOString(), data } satisfies WebhookEvent);
      const items = urls.map((url, i) => ({
        key: `${id}:${i}`,
        target: url,
        label: type,
        payload: { url, body } satisfies StoredDelivery,
      }));
      await enqueueItems(trx, options.table, items, now);
      return id;
    },
  };
}
