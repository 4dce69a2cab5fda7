import { createPooledRandom } from "@parlor/kit";
import type { Kysely } from "kysely";
import { monotonicFactory } from "ulid";
import { urlsFor, type WebhookRoutes } from "./config.ts";

const newId = monotonicFactory(createPooledRandom());

/** What the receiver gets as the request body. */
export interface WebhookEvent<T = unknown> {
  id: string;
  type: string;
  createdAt: string;
  data: T;
}

/** Stored in the outbox row's `message` column; the signature is made at send time (its timestamp is the send's). */
export interface StoredDelivery {
  url: string;
  body: string;
}

export interface WebhookEmitter {
  /** Queues `type` for every URL configured for it, inside the caller's transaction. Returns the event id, or null when no URL wants it. */
  // biome-ignore lint/suspicious/noExplicitAny: any service's Kysely or transaction
  emit(trx: Kysely<any>, type: string, data: unknown): Promise<string | null>;
}

/**
 * Queues webhook deliveries in an outbox table (the mail outbox's shape, from `createOutboxTable`), one row per
 * URL, so each endpoint is retried on its own. Written in the same transaction as the change: an event exists
 * exactly when the change committed.
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
      const at = now.toISOString();
      const id = newId(now.getTime());
      const body = JSON.stringify({ id, type, createdAt: at, data } satisfies WebhookEvent);
      await trx
        .insertInto(options.table)
        .values(
          urls.map((url, i) => ({
            id: i === 0 ? id : newId(now.getTime()),
            idempotency_key: `${id}:${i}`,
            recipient: url,
            subject: type,
            message: JSON.stringify({ url, body } satisfies StoredDelivery),
            status: "queued",
            attempts: 0,
            next_attempt_at: at,
            created_at: at,
          })),
        )
        .execute();
      return id;
    },
  };
}
