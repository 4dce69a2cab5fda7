import { hostname } from "node:os";
import { claimBatch, markDead, markRetry, markSent, nextAttemptAt, type OutboxRow } from "@parlor/mail";
import type { Kysely } from "kysely";
import type { StoredDelivery } from "./emitter.ts";
import { SIGNATURE_HEADER, sign } from "./signature.ts";

export interface WebhookWorkerSettings {
  pollIntervalMs: number;
  batchSize: number;
  leaseMs: number;
  /** Each request's deadline. */
  timeoutMs: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** After this long since the event, a delivery that still fails is given up (dead). */
  retryHorizonMs: number;
}

export const DEFAULT_WEBHOOK_SETTINGS: WebhookWorkerSettings = {
  pollIntervalMs: 1000,
  batchSize: 20,
  leaseMs: 60_000,
  timeoutMs: 10_000,
  backoffBaseMs: 5_000,
  backoffMaxMs: 3_600_000,
  retryHorizonMs: 3 * 86_400_000,
};

interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface WebhookWorker {
  start(): void;
  stop(): Promise<void>;
  /** One round: claim due deliveries, POST them, record each outcome. Tests drive the worker with this. */
  runOnce(): Promise<{ claimed: number; sent: number; retried: number; dead: number }>;
}

// A receiver that answers one of these may be back soon; any other 4xx means it will never take this request.
const RETRYABLE_4XX = new Set([408, 409, 425, 429]);

/**
 * Delivers the webhook outbox: claims due rows with a lease (the mail outbox's claim queries, so several instances
 * never send one row twice), POSTs the stored body signed with `secret`, and marks the row sent on a 2xx. A 5xx,
 * a timeout or a refused connection is retried with jittered exponential backoff (the mail outbox's) until the
 * retry horizon; another 4xx gives the delivery up at once.
 */
export function createWebhookWorker(options: {
  // biome-ignore lint/suspicious/noExplicitAny: the table is named at run time
  db: Kysely<any>;
  table: string;
  secret: string;
  logger: Logger;
  clock?: { now(): Date };
  settings?: Partial<WebhookWorkerSettings>;
  engine?: "sqlite" | "postgres";
}): WebhookWorker {
  const { db, table, logger } = options;
  const settings = { ...DEFAULT_WEBHOOK_SETTINGS, ...options.settings };
  const clock = options.clock ?? { now: () => new Date() };
  const owner = `${hostname()}:${process.pid}:webhooks`;
  const stopping = new AbortController();
  let loop: Promise<void> | null = null;

  async function deliver(row: OutboxRow): Promise<"sent" | "retried" | "dead"> {
    let failure: string;
    let permanent = false;
    try {
      const { url, body } = JSON.parse(row.message) as StoredDelivery;
      const event = JSON.parse(body) as { id: string; type: string };
      const res = await fetch(url, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          "User-Agent": "Parlor-Webhooks/1",
          [SIGNATURE_HEADER]: sign(options.secret, body, Math.floor(clock.now().getTime() / 1000)),
          "Parlor-Event": event.type,
          "Parlor-Delivery": event.id,
        },
        body,
        redirect: "manual",
        signal: AbortSignal.timeout(settings.timeoutMs),
      });
      await res.body?.cancel();
      if (res.status >= 200 && res.status < 300) {
        if (await markSent(db, table, row.id, owner, clock.now())) {
          // Delivered: the payload (it may hold an address) is not kept; the row stays as the delivery's record.
          await db
            .updateTable(table)
            .set({ message: JSON.stringify({ url, delivered: true }) })
            .where("id", "=", row.id)
            .execute();
        }
        logger.info({ event: "webhook.sent", id: row.id, type: row.subject, status: res.status }, "webhook delivered");
        return "sent";
      }
      failure = `the receiver answered ${res.status}`;
      permanent = res.status >= 400 && res.status < 500 && !RETRYABLE_4XX.has(res.status);
    } catch (err) {
      failure =
        err instanceof SyntaxError ? "the stored delivery is not valid JSON" : String((err as Error).cause ?? err);
      permanent = err instanceof SyntaxError;
    }
    const at = permanent ? null : nextAttemptAt(row.attempts, new Date(row.created_at), clock.now(), settings);
    const log = { id: row.id, type: row.subject, attempts: row.attempts, reason: failure };
    if (at) {
      await markRetry(db, table, row.id, owner, at, failure);
      logger.warn({ event: "webhook.retry", ...log, nextAttemptAt: at.toISOString() }, "webhook failed; will retry");
      return "retried";
    }
    await markDead(db, table, row.id, owner, failure);
    logger.error({ event: "webhook.dead", ...log }, "webhook given up");
    return "dead";
  }

  async function runOnce() {
    const summary = { claimed: 0, sent: 0, retried: 0, dead: 0 };
    if (stopping.signal.aborted) return summary;
    const rows = await claimBatch(db, table, {
      owner,
      now: clock.now(),
      leaseMs: settings.leaseMs,
      limit: settings.batchSize,
      skipLocked: options.engine === "postgres",
    });
    summary.claimed = rows.length;
    for (const row of rows) summary[await deliver(row)]++;
    return summary;
  }

  return {
    runOnce,
    start() {
      if (loop) return;
      loop = (async () => {
        while (!stopping.signal.aborted) {
          let busy = false;
          try {
            busy = (await runOnce()).claimed >= settings.batchSize;
          } catch (err) {
            logger.error({ event: "webhook.worker_error", err }, "webhook worker round failed");
          }
          if (!busy) await pause(settings.pollIntervalMs, stopping.signal);
        }
      })();
    },
    async stop() {
      stopping.abort();
      await loop;
    },
  };
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
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
