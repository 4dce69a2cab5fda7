import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { Metrics } from "@parlor/kit";
import { type Job, sleep, startJob } from "@parlor/kit/jobs";
import { nextAttemptAt } from "./backoff.ts";
import { claimBatch, markDead, markManySent, markRetry, releaseLease, renewLeases } from "./claims.repository.ts";
import type { AnyDb } from "./db.ts";
import { registerOutboxMetrics } from "./metrics.ts";
import { createPacer } from "./pacer.ts";
import { createSentMarks } from "./sent-marks.ts";
import { type OutboxSettings, outboxSettings } from "./settings.ts";
import type { OutboxRow } from "./table.repository.ts";

export interface OutboxLogger {
  /** One line per message sent (pino's `debug`); left out when absent or when the logger's level is above it. */
  debug?(obj: object, msg?: string): void;
  /** pino's: whether a line at `level` would be written. Absent: every line the logger has a method for is. */
  isLevelEnabled?(level: string): boolean;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** What went wrong with one delivery attempt. */
export interface FailureVerdict {
  /** temporary: retried with backoff until the retry horizon; permanent: dead at once. */
  kind: "temporary" | "permanent";
  /** One line for `last_error` and the logs. */
  reason: string;
  /** The receiver's answer code, when it gave one (an SMTP reply code, an HTTP status). */
  code?: number;
}

/**
 * A kind of delivery on the outbox: mail, webhooks. The worker claims, paces, retries and records; the handler only
 * reads its payload and delivers it.
 */
export interface DeliveryHandler<P> {
  /**
   * Names the log events: `<name>.batch` (info: one line per round, its counts), `<name>.sent` (debug: one line per
   * message), `<name>.retry`, `<name>.dead`, `<name>.lease_lost`, `<name>.worker_error`.
   */
  readonly name: string;
  /** The row's payload; throws when it cannot be used (the row is then dead at once, unsent). */
  read(row: OutboxRow): P;
  /**
   * Delivers one payload and resolves once the receiver has accepted it, with fields for the log line; throws on
   * failure. `signal` fires when the worker stops or the row's lease is running out: give up then. `recorded`
   * resolves once every delivery accepted before now is recorded as sent (see `holdsUntilRecorded`).
   */
  deliver(
    payload: P,
    context: { row: OutboxRow; signal: AbortSignal; recorded: () => Promise<void> },
  ): Promise<Record<string, unknown> | undefined>;
  /**
   * True when `deliver` keeps the receiver from accepting the payload until `recorded()` has resolved (SMTP: the
   * message's last line waits for it). A connection's next delivery then starts without waiting for the last
   * one's sent mark, and still no receiver can hold two accepted but unrecorded deliveries of one connection.
   */
  readonly holdsUntilRecorded?: boolean;
  classify(err: unknown): FailureVerdict;
  /** What every log line says about the row (never a whole address). */
  describe(row: OutboxRow): Record<string, unknown>;
  /** After a delivery was recorded, e.g. to forget a payload that is no longer needed. */
  delivered?(row: OutboxRow): Promise<void>;
}

export interface OutboxWorkerOptions<P> {
  db: AnyDb;
  table: string;
  handler: DeliveryHandler<P>;
  logger: OutboxLogger;
  /** Registers `<prefix>_sent_total{outbox=table}` and the others on this registry. */
  metrics?: { metrics: Pick<Metrics, "registry" | "counter" | "gauge">; prefix: string };
  clock?: { now(): Date };
  settings?: Partial<OutboxSettings>;
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
  /** The receiver's answer code of the last attempt, when it gave one (550, 421, 410, …). */
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

export interface OutboxWorker {
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
  /** Rows were queued: look for them now rather than after the poll interval (nothing when not started). */
  wake(): void;
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
 * The outbox worker, the one poll loop of every delivery: claims due rows with a lease, hands them to `handler` at
 * most `maxConnections` at a time and `ratePerSecond` overall, marks a row sent only once the handler says the
 * receiver accepted it, retries temporary failures with jittered backoff until the retry horizon, and marks
 * permanent failures dead with the reason.
 *
 *   const worker = createOutboxWorker({ db, table: "comment_webhook_outbox", handler, logger });
 *   worker.start();
 *   process.once("SIGTERM", () => worker.stop());
 */
export function createOutboxWorker<P>(options: OutboxWorkerOptions<P>): OutboxWorker {
  const { db, table, handler, logger } = options;
  const settings = outboxSettings(options.settings);
  const clock = options.clock ?? { now: () => new Date() };
  const random = options.random ?? Math.random;
  const owner = `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
  const pacer = createPacer(settings.ratePerSecond);
  const counters = options.metrics
    ? registerOutboxMetrics(options.metrics.metrics, db, table, {
        prefix: options.metrics.prefix,
        now: () => clock.now(),
      })
    : null;
  const event = (what: string) => `${handler.name}.${what}`;
  const stopping = new AbortController(); // no new claims or sends
  const abortSends = new AbortController(); // the grace is over: cut sends in flight
  const rounds = new Set<Promise<RunSummary>>();
  let loop: Job | null = null;

  const perMessage = () => logger.debug !== undefined && (logger.isLevelEnabled?.("debug") ?? true);
  const sentMarks = createSentMarks((ids) => persist(() => markManySent(db, table, ids, owner, clock.now())));

  /**
   * The signal of one send: aborts when the worker's grace is over or after `ms` (the lease running out). Its
   * timer and its listener go as soon as the send ends (`done`): AbortSignal.timeout kept a timer, and
   * AbortSignal.any a dependent signal, alive for most of a lease after each message.
   */
  function sendSignal(ms: number) {
    const controller = new AbortController();
    const onStop = () => controller.abort(abortSends.signal.reason);
    if (abortSends.signal.aborted) onStop();
    else abortSends.signal.addEventListener("abort", onStop, { once: true });
    const timer = setTimeout(() => controller.abort(new DOMException("the lease is running out", "TimeoutError")), ms);
    timer.unref();
    return {
      signal: controller.signal,
      done() {
        clearTimeout(timer);
        abortSends.signal.removeEventListener("abort", onStop);
      },
    };
  }

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

  async function deliver(row: OutboxRow, lease: RoundLease): Promise<Outcome | { later: Promise<Outcome> }> {
    if (!(await pacer.wait(stopping.signal))) return release(row);
    let payload: P;
    try {
      payload = handler.read(row);
    } catch (err) {
      return fail(row, err, true);
    }
    // Each send starts with most of a lease ahead of it (renewed for the round's unstarted rows when less is
    // left) and gets its own deadline well inside it. A deadline per round would cut off sends late in a big
    // batch on a slow relay, after the relay had the whole message: it would deliver it, and we would send it again.
    await holdLease(lease);
    lease.notStarted.delete(row.id);
    if (lease.lost.has(row.id)) {
      logger.warn({ event: event("lease_lost"), id: row.id }, "lease lost before sending; another worker has it");
      return "released";
    }
    const giveUp = sendSignal(Math.max(1, Math.ceil(settings.leaseMs * LEASE_SHARE_FOR_SENDING)));
    let fields: Record<string, unknown> | undefined;
    try {
      fields = await handler.deliver(payload, { row, signal: giveUp.signal, recorded: sentMarks.settled });
    } catch (err) {
      // Cut short by stop(): we gave up, the receiver did not refuse, so the attempt does not count.
      if (abortSends.signal.aborted) return release(row);
      return fail(row, err);
    } finally {
      giveUp.done();
    }
    // It is out: recording it must not fail on a moment of lock contention, or it would be sent twice. The mark
    // goes in one commit with those of the other lanes' sends that finished meanwhile. A crash must leave at most
    // one unrecorded send per connection: either this lane sends nothing more until the mark is written, or (a
    // handler that holdsUntilRecorded) its next send starts at once and cannot be accepted before it is written.
    const recording = sentMarks.mark(row.id).then(async (recorded): Promise<Outcome> => {
      counters?.sent.inc();
      // One line per message at debug only: at info, writing it cost about a tenth of a bulk send's CPU. The
      // round's `batch` line counts them; the outbox row keeps each message's status, attempts and sent_at.
      if (perMessage()) {
        logger.debug?.(
          { event: event("sent"), id: row.id, ...handler.describe(row), attempts: row.attempts, ...fields },
          `${handler.name} sent`,
        );
      }
      if (!recorded) logger.warn({ event: event("lease_lost"), id: row.id }, "sent after its lease was taken over");
      else await handler.delivered?.(row);
      return "sent";
    });
    return handler.holdsUntilRecorded ? { later: recording } : recording;
  }

  async function fail(row: OutboxRow, err: unknown, permanent = false): Promise<Outcome> {
    const verdict = permanent ? { kind: "permanent" as const, reason: String(err) } : handler.classify(err);
    const now = clock.now();
    const at =
      verdict.kind === "temporary"
        ? nextAttemptAt(row.attempts, new Date(row.created_at), now, settings, random)
        : null;
    const log = { id: row.id, ...handler.describe(row), attempts: row.attempts, reason: verdict.reason };
    if (at) {
      await markRetry(db, table, row.id, owner, at, verdict.reason);
      counters?.retried.inc();
      logger.warn(
        { event: event("retry"), ...log, nextAttemptAt: at.toISOString() },
        `${handler.name} send failed; will retry`,
      );
      return "retried";
    }
    const reason =
      verdict.kind === "permanent"
        ? verdict.reason
        : `gave up after ${row.attempts} attempts (retry horizon passed): ${verdict.reason}`;
    const recorded = await markDead(db, table, row.id, owner, reason);
    counters?.dead.inc();
    logger.error({ event: event("dead"), ...log, reason }, `${handler.name} given up`);
    if (recorded && options.onDead) {
      const outcome: DeadOutcome = { reason, permanent: verdict.kind === "permanent" };
      if ("code" in verdict && typeof verdict.code === "number") outcome.responseCode = verdict.code;
      try {
        await options.onDead(row, outcome);
      } catch (hookError) {
        logger.error({ event: event("on_dead_failed"), id: row.id, err: hookError }, "the onDead hook failed");
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
    const started = performance.now();
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
    const recording: Promise<void>[] = [];
    // maxConnections lanes pull rows in order; the pacer spaces them across lanes.
    const lane = async () => {
      while (next < rows.length) {
        const row = rows[next++];
        const outcome = await deliver(row, lease);
        if (typeof outcome === "string") summary[outcome]++;
        else {
          const counted = outcome.later.then((o) => void summary[o]++);
          counted.catch(() => {}); // a failed mark fails the round below, not the process
          recording.push(counted);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(settings.maxConnections, rows.length) }, lane));
    await Promise.all(recording);
    if (summary.claimed > 0) {
      logger.info(
        { event: event("batch"), ...summary, ms: Math.round(performance.now() - started) },
        `${handler.name} batch: ${summary.sent} sent of ${summary.claimed}`,
      );
    }
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
    wake: () => loop?.wake(),
    start() {
      if (loop || stopping.signal.aborted) return;
      loop = startJob({
        run: runOnce,
        // A full batch means more is waiting: the next round starts at once.
        again: (summary) => summary.claimed >= settings.batchSize,
        intervalMs: settings.pollIntervalMs,
        onError: (err) => logger.error({ event: event("worker_error"), err }, `${handler.name} worker round failed`),
      });
    },
    async stop({ graceMs = 10_000 } = {}) {
      stopping.abort();
      const timer = setTimeout(() => abortSends.abort(), graceMs);
      try {
        await Promise.allSettled([loop?.stop(), ...rounds]);
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
