import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { type Metrics, maskEmail } from "@parlor/kit";
import { nextAttemptAt } from "./backoff.ts";
import { classifyError } from "./classify-error.ts";
import type { AnyDb } from "./db.ts";
import type { OutboxMessage } from "./message.ts";
import { registerMailMetrics } from "./metrics.ts";
import { claimBatch, markDead, markManySent, markRetry, releaseLease, renewLeases } from "./outbox.claims.ts";
import { messageRef, type OutboxRow } from "./outbox.repository.ts";
import { createSentMarks } from "./sent-marks.ts";
import { type MailSettings, mailSettings } from "./settings.ts";
import { createPacer, sleep } from "./throttle.ts";
import type { MailLogger, MailTransport } from "./transports/transport.ts";

export interface MailWorkerOptions {
  db: AnyDb;
  table: string;
  transport: MailTransport;
  logger: MailLogger;
  metrics?: Pick<Metrics, "registry" | "counter" | "gauge">;
  clock?: { now(): Date };
  settings?: Partial<MailSettings>;
  /** "postgres" adds FOR UPDATE SKIP LOCKED to the claim, so concurrent workers pass each other's rows. */
  engine?: "sqlite" | "postgres";
  /** The jitter source, for tests. */
  random?: () => number;
  /**
   * Called once a row is given up on (after it is marked dead), e.g. to mark a subscriber whose address the
   * relay refused permanently as bounced. An error it throws is logged, never rethrown.
   */
  onDead?: (row: OutboxRow, outcome: DeadOutcome) => Promise<void> | void;
}

/** Why a row was given up on. */
export interface DeadOutcome {
  reason: string;
  /** true: refused for good (a 5xx reply, an invalid message); false: the retry horizon passed. */
  permanent: boolean;
  /** The SMTP reply code of the last attempt, when the relay answered one (550, 421, …). */
  responseCode?: number;
}

export interface RunSummary {
  claimed: number;
  sent: number;
  retried: number;
  dead: number;
  /** Handed back unsent because the worker was stopping or its lease was running out. */
  released: number;
}

export interface MailWorker {
  /** Who this worker is in `lease_owner`. */
  readonly owner: string;
  /** Polls in the background until stop(). */
  start(): void;
  /**
   * Stops claiming, lets sends in flight finish for up to `graceMs` (default 10 s), then aborts the rest and
   * hands their rows back, so nothing waits for a lease to expire. The worker cannot be started again.
   */
  stop(options?: { graceMs?: number }): Promise<void>;
  /** One round: claim due rows, send them, record each outcome. Tests drive the worker with this. */
  runOnce(): Promise<RunSummary>;
}

type Outcome = "sent" | "retried" | "dead" | "released";

// A send must end well before its lease does, or another worker could take the row and send it again.
const LEASE_SHARE_FOR_SENDING = 0.8;
// The round's leases are renewed (all its unstarted rows in one statement) once less than this share is left,
// so every send starts with at least this much lease ahead of it: more than its own deadline.
const LEASE_SHARE_TO_RENEW = 0.9;

/** What one round holds: its rows' common lease, and which rows have not started yet. */
interface RoundLease {
  until: number;
  notStarted: Set<string>;
  lost: Set<string>;
  renewing: Promise<void> | null;
}

/**
 * The outbox worker: claims due rows with a lease, sends them through `transport` at most `maxConnections` at
 * a time and `ratePerSecond` overall, marks a row sent only once the relay accepted it, retries temporary
 * failures with jittered backoff until the retry horizon, and marks permanent failures dead with the reason.
 *
 *   const worker = createMailWorker({ db, table: "comment_outbox", transport, logger, metrics,
 *     settings: { backoffMaxMs: config.MAIL_RETRY_MAX_DELAY } });
 *   worker.start();
 *   process.once("SIGTERM", () => worker.stop().then(() => transport.close()));
 */
export function createMailWorker(options: MailWorkerOptions): MailWorker {
  const { db, table, transport, logger } = options;
  const settings = mailSettings(options.settings);
  const clock = options.clock ?? { now: () => new Date() };
  const random = options.random ?? Math.random;
  const owner = `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
  const pacer = createPacer(settings.ratePerSecond);
  const counters = options.metrics ? registerMailMetrics(options.metrics, db, table, () => clock.now()) : null;
  const stopping = new AbortController(); // no new claims or sends; wakes the poll sleep
  const abortSends = new AbortController(); // the grace is over: cut sends in flight
  const rounds = new Set<Promise<RunSummary>>();
  let loop: Promise<void> | null = null;

  const sentMarks = createSentMarks((ids) => persist(() => markManySent(db, table, ids, owner, clock.now())));

  /**
   * Makes sure the round's lease has at least LEASE_SHARE_TO_RENEW of a lease left, renewing every row not yet
   * started in one statement when it has not. Lanes that need it at once share one renewal.
   */
  async function holdLease(lease: RoundLease) {
    if (lease.until - clock.now().getTime() >= settings.leaseMs * LEASE_SHARE_TO_RENEW) return;
    lease.renewing ??= (async () => {
      const until = new Date(clock.now().getTime() + settings.leaseMs);
      const ids = [...lease.notStarted];
      const kept = await renewLeases(db, table, ids, owner, until);
      for (const id of ids) if (!kept.has(id)) lease.lost.add(id);
      lease.until = until.getTime();
    })().finally(() => {
      lease.renewing = null;
    });
    await lease.renewing;
  }

  async function deliver(row: OutboxRow, lease: RoundLease): Promise<Outcome> {
    if (!(await pacer.wait(stopping.signal))) return release(row);
    let message: OutboxMessage;
    try {
      message = JSON.parse(row.message) as OutboxMessage;
    } catch {
      return fail(row, new SyntaxError("the stored message is not valid JSON"), true);
    }
    // Each send starts with most of a lease ahead of it (renewed for the round's unstarted rows when less is
    // left) and gets its own deadline well inside it. A deadline per round would cut off sends late in a big
    // batch on a slow relay, after the relay had the whole message: it would deliver it, and we would send it again.
    await holdLease(lease);
    lease.notStarted.delete(row.id);
    if (lease.lost.has(row.id)) {
      logger.warn({ event: "mail.lease_lost", id: row.id }, "lease lost before sending; another worker has it");
      return "released";
    }
    const leaseRunningOut = AbortSignal.timeout(Math.max(1, Math.ceil(settings.leaseMs * LEASE_SHARE_FOR_SENDING)));
    let messageId: string;
    try {
      ({ messageId } = await transport.send(message, {
        ref: messageRef(table, row.id),
        signal: AbortSignal.any([abortSends.signal, leaseRunningOut]),
      }));
    } catch (err) {
      // Cut short by stop(): we gave up, the relay did not refuse, so the attempt does not count.
      if (abortSends.signal.aborted) return release(row);
      return fail(row, err);
    }
    // The mail is out: recording it must not fail on a moment of lock contention, or it would be sent twice. The
    // mark goes in one commit with those of the other lanes' sends that finished meanwhile; this lane sends
    // nothing more until it is written, so a crash leaves at most one unrecorded send per connection.
    const recorded = await sentMarks.mark(row.id);
    counters?.sent.inc();
    logger.info(
      { event: "mail.sent", id: row.id, to: maskEmail(row.recipient), attempts: row.attempts, messageId },
      "mail sent",
    );
    if (!recorded) logger.warn({ event: "mail.lease_lost", id: row.id }, "mail sent after its lease was taken over");
    return "sent";
  }

  async function fail(row: OutboxRow, err: unknown, permanent = false): Promise<Outcome> {
    const verdict = permanent ? { kind: "permanent" as const, reason: String(err) } : classifyError(err);
    const now = clock.now();
    const at =
      verdict.kind === "temporary"
        ? nextAttemptAt(row.attempts, new Date(row.created_at), now, settings, random)
        : null;
    const log = { id: row.id, to: maskEmail(row.recipient), attempts: row.attempts, reason: verdict.reason };
    if (at) {
      await markRetry(db, table, row.id, owner, at, verdict.reason);
      counters?.retried.inc();
      logger.warn({ event: "mail.retry", ...log, nextAttemptAt: at.toISOString() }, "mail send failed; will retry");
      return "retried";
    }
    const reason =
      verdict.kind === "permanent"
        ? verdict.reason
        : `gave up after ${row.attempts} attempts (retry horizon passed): ${verdict.reason}`;
    const recorded = await markDead(db, table, row.id, owner, reason);
    counters?.dead.inc();
    logger.error({ event: "mail.dead", ...log, reason }, "mail given up");
    if (recorded && options.onDead) {
      const code = (err as { responseCode?: unknown } | null)?.responseCode;
      const outcome: DeadOutcome = { reason, permanent: verdict.kind === "permanent" };
      if (typeof code === "number") outcome.responseCode = code;
      try {
        await options.onDead(row, outcome);
      } catch (hookError) {
        logger.error({ event: "mail.on_dead_failed", id: row.id, err: hookError }, "the onDead hook failed");
      }
    }
    return "dead";
  }

  async function release(row: OutboxRow): Promise<Outcome> {
    await releaseLease(db, table, row.id, owner);
    return "released";
  }

  async function round(): Promise<RunSummary> {
    const summary: RunSummary = { claimed: 0, sent: 0, retried: 0, dead: 0, released: 0 };
    if (stopping.signal.aborted) return summary;
    const claimedAt = clock.now();
    const rows = await claimBatch(db, table, {
      owner,
      now: claimedAt,
      leaseMs: settings.leaseMs,
      limit: settings.batchSize,
      skipLocked: options.engine === "postgres",
    });
    summary.claimed = rows.length;
    for (const row of rows) if (row.attempts === 1) counters?.queued.inc();
    const lease: RoundLease = {
      until: claimedAt.getTime() + settings.leaseMs,
      notStarted: new Set(rows.map((r) => r.id)),
      lost: new Set(),
      renewing: null,
    };
    let next = 0;
    // maxConnections lanes pull rows in order; the pacer spaces them across lanes.
    const lane = async () => {
      while (next < rows.length) {
        const row = rows[next++];
        summary[await deliver(row, lease)]++;
      }
    };
    await Promise.all(Array.from({ length: Math.min(settings.maxConnections, rows.length) }, lane));
    return summary;
  }

  function runOnce(): Promise<RunSummary> {
    const running = round().finally(() => rounds.delete(running));
    rounds.add(running);
    return running;
  }

  return {
    owner,
    runOnce,
    start() {
      if (loop || stopping.signal.aborted) return;
      loop = (async () => {
        while (!stopping.signal.aborted) {
          let busy = false;
          try {
            busy = (await runOnce()).claimed >= settings.batchSize;
          } catch (err) {
            logger.error({ event: "mail.worker_error", err }, "mail worker round failed");
          }
          if (!busy) await sleep(settings.pollIntervalMs, stopping.signal);
        }
      })();
    },
    async stop({ graceMs = 10_000 } = {}) {
      stopping.abort();
      const timer = setTimeout(() => abortSends.abort(), graceMs);
      try {
        await Promise.allSettled([loop, ...rounds]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

async function persist<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (err) {
      if (attempt >= 5) throw err;
      await sleep(100 * attempt);
    }
  }
}
