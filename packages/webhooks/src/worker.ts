import {
  type AnyDb,
  createOutboxWorker,
  type DeliveryHandler,
  erasePayloadMentions,
  type OutboxLogger,
  type OutboxSettings,
  type OutboxWorker,
  replacePayload,
} from "@parlor/outbox";
import type { WebhookRoutes } from "./config.ts";
import type { StoredDelivery } from "./emitter.ts";
import { retargetDeliveries } from "./retarget.ts";
import { SIGNATURE_HEADER, sign } from "./signature.ts";

export interface WebhookWorkerSettings extends OutboxSettings {
  /** Each request's deadline. */
  timeoutMs: number;
}

export const DEFAULT_WEBHOOK_SETTINGS: Partial<WebhookWorkerSettings> = {
  timeoutMs: 10_000,
  // One request at a time, unpaced: a receiver is the operator's own system, and each URL has its own rows.
  ratePerSecond: 0,
  maxConnections: 1,
};

export type WebhookWorker = OutboxWorker;

// A receiver that answers one of these may be back soon; any other 4xx means it will never take this request.
const RETRYABLE_4XX = new Set([408, 409, 425, 429]);

/** The receiver answered, but not with a 2xx. */
class ReceiverAnswered extends Error {
  constructor(readonly status: number) {
    super(`the receiver answered ${status}`);
  }
}

/**
 * Webhooks as a delivery on the outbox: the payload is a StoredDelivery, POSTed signed with `secret`; a 2xx is
 * success (the body is then forgotten, the row stays as the delivery's record). A 5xx, 408/409/425/429, a timeout
 * or a refused connection is temporary; another 4xx is permanent.
 */
export function webhookHandler(options: {
  db: AnyDb;
  table: string;
  secret: string;
  timeoutMs: number;
  clock: { now(): Date };
}): DeliveryHandler<StoredDelivery> {
  const { db, table } = options;
  return {
    name: "webhook",
    read(row) {
      try {
        return JSON.parse(row.message) as StoredDelivery;
      } catch {
        throw new SyntaxError("the stored delivery is not valid JSON");
      }
    },
    async deliver({ url, body }, { signal }) {
      let event: { id: string; type: string };
      try {
        event = JSON.parse(body) as { id: string; type: string };
      } catch {
        throw new SyntaxError("the stored delivery is not valid JSON");
      }
      const res = await fetch(url, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          "User-Agent": "Parlor-Webhooks/1",
          [SIGNATURE_HEADER]: sign(options.secret, body, Math.floor(options.clock.now().getTime() / 1000)),
          "Parlor-Event": event.type,
          "Parlor-Delivery": event.id,
        },
        body,
        redirect: "manual",
        signal: AbortSignal.any([signal, AbortSignal.timeout(options.timeoutMs)]),
      });
      await res.body?.cancel();
      if (res.status < 200 || res.status >= 300) throw new ReceiverAnswered(res.status);
      return { status: res.status };
    },
    classify(err) {
      if (err instanceof ReceiverAnswered) {
        const temporary = err.status >= 500 || err.status < 400 || RETRYABLE_4XX.has(err.status);
        return { kind: temporary ? "temporary" : "permanent", reason: err.message, code: err.status };
      }
      if (err instanceof SyntaxError) return { kind: "permanent", reason: err.message };
      return { kind: "temporary", reason: String((err as Error).cause ?? err) };
    },
    describe: (row) => ({ type: row.subject }),
    async delivered(row) {
      // Delivered: the payload (it may hold an address) is not kept; the row stays as the delivery's record.
      const { url } = JSON.parse(row.message) as StoredDelivery;
      await replacePayload(db, table, row.id, { url, delivered: true });
    },
  };
}

/**
 * Delivers a webhook outbox: the outbox's worker (claims with a lease, so several instances never send one row
 * twice; jittered backoff until the retry horizon) with the webhook handler. Given `routes` (WEBHOOK_URLS), it
 * first points the deliveries still waiting at the URLs configured now (retargetDeliveries), before its first round.
 */
export function createWebhookWorker(options: {
  db: AnyDb;
  table: string;
  secret: string;
  logger: OutboxLogger;
  routes?: WebhookRoutes;
  clock?: { now(): Date };
  settings?: Partial<WebhookWorkerSettings>;
  engine?: "sqlite" | "postgres";
}): WebhookWorker {
  const { db, table, logger, routes } = options;
  const clock = options.clock ?? { now: () => new Date() };
  const { timeoutMs = 10_000, ...settings } = { ...DEFAULT_WEBHOOK_SETTINGS, ...options.settings };
  const worker = createOutboxWorker({
    db,
    table,
    handler: webhookHandler({ db, table, secret: options.secret, timeoutMs, clock }),
    logger,
    clock,
    settings,
    engine: options.engine,
  });
  let retargeted: Promise<void> | null = null;
  const retarget = () => {
    retargeted ??= routes
      ? retargetDeliveries(db, table, routes, clock.now()).then(
          (summary) => {
            if (summary.moved + summary.added + summary.dropped > 0) {
              logger.info({ event: "webhook.retargeted", ...summary }, "queued webhooks now go to WEBHOOK_URLS");
            }
          },
          (err) =>
            logger.error({ event: "webhook.retarget_failed", err }, "could not point queued webhooks at WEBHOOK_URLS"),
        )
      : Promise.resolve();
    return retargeted;
  };
  return {
    owner: worker.owner,
    start() {
      void retarget().then(() => worker.start());
    },
    async runOnce() {
      await retarget();
      return worker.runOnce();
    },
    stop: (stopOptions) => worker.stop(stopOptions),
    wake: () => worker.wake(),
  };
}

/** A service's webhook worker, started; null when no WEBHOOK_SECRET is set (then no URLs are either). */
export function startWebhookWorker(
  options: Omit<Parameters<typeof createWebhookWorker>[0], "secret"> & { secret: string | undefined },
): WebhookWorker | null {
  if (!options.secret) return null;
  const worker = createWebhookWorker({ ...options, secret: options.secret });
  worker.start();
  return worker;
}

/** Forgets the queued and past deliveries whose body names `text` (an address being erased). */
export async function eraseDeliveriesMentioning(db: AnyDb, table: string, text: string): Promise<number> {
  return (await erasePayloadMentions(db, table, text)).length;
}
