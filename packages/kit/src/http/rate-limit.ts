import type pg from "pg";
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRes,
} from "rate-limiter-flexible";

export interface RateLimitRule {
  points: number;
  windowMs: number;
}

export interface RateLimitVerdict {
  allowed: boolean;
  /** Seconds until the client may try again (only when not allowed). */
  retryAfterSeconds: number;
  remaining: number;
}

/** Where counters live: this process's memory (SQLite: one process), or a PostgreSQL table all instances share. */
export type RateLimitStore = { pool: pg.Pool; table: string } | null;

/**
 * A counter per key over a fixed window, from rate-limiter-flexible. On PostgreSQL the counters live in a table
 * every instance shares, so a client cannot multiply its limit by the number of instances. `"off"` never limits.
 *
 *   const limit = createRateLimiter({ points: 20, windowMs: 600_000 });
 *   if (!(await limit.consume(clientHash)).allowed) throw new RateLimited(…);
 */
export function createRateLimiter(rule: RateLimitRule | "off", store: RateLimitStore = null) {
  if (rule === "off") {
    return {
      consume: async (): Promise<RateLimitVerdict> => ({ allowed: true, retryAfterSeconds: 0, remaining: Infinity }),
      clearExpired: async () => {},
    };
  }
  const options = { points: rule.points, duration: Math.max(1, Math.ceil(rule.windowMs / 1000)) };
  let ready: Promise<void> = Promise.resolve();
  let limiter: RateLimiterAbstract = new RateLimiterMemory(options);
  if (store) {
    ready = new Promise<void>((resolve, reject) => {
      limiter = new RateLimiterPostgres(
        // No hourly clean-up timer: rows are updated in place per client, and a timer would keep tests alive.
        { ...options, storeClient: store.pool, tableName: store.table, clearExpiredByTimeout: false },
        (err?: unknown) => (err ? reject(err) : resolve()),
      );
    });
    ready.catch(() => {}); // reported by the first consume
  }
  return {
    async consume(key: string, points = 1): Promise<RateLimitVerdict> {
      await ready;
      try {
        const res = await limiter.consume(key, points);
        return { allowed: true, retryAfterSeconds: 0, remaining: res.remainingPoints };
      } catch (e) {
        if (!(e instanceof RateLimiterRes)) throw e;
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(e.msBeforeNext / 1000)), remaining: 0 };
      }
    },
    /** Drops counters whose window has passed (PostgreSQL rows keep a keyed client hash; memory ones expire alone). */
    async clearExpired() {
      if (!store) return;
      await ready;
      // In the library but not in its types: DELETE … WHERE expire < $1.
      await (limiter as unknown as { clearExpired(expire: number): Promise<unknown> }).clearExpired(Date.now());
    },
  };
}
export type RateLimiter = ReturnType<typeof createRateLimiter>;
