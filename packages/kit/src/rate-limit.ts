import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

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

/**
 * A counter per key over a sliding window, from rate-limiter-flexible (in memory: one process; the PostgreSQL
 * store for several instances comes with scale-out). `"off"` never limits.
 *
 *   const limit = createRateLimiter({ points: 20, windowMs: 600_000 });
 *   if (!(await limit.consume(clientHash)).allowed) throw new RateLimited(…);
 */
export function createRateLimiter(rule: RateLimitRule | "off") {
  if (rule === "off") {
    return {
      consume: async (): Promise<RateLimitVerdict> => ({ allowed: true, retryAfterSeconds: 0, remaining: Infinity }),
    };
  }
  const limiter = new RateLimiterMemory({
    points: rule.points,
    duration: Math.max(1, Math.ceil(rule.windowMs / 1000)),
  });
  return {
    async consume(key: string, points = 1): Promise<RateLimitVerdict> {
      try {
        const res = await limiter.consume(key, points);
        return { allowed: true, retryAfterSeconds: 0, remaining: res.remainingPoints };
      } catch (e) {
        if (!(e instanceof RateLimiterRes)) throw e;
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(e.msBeforeNext / 1000)), remaining: 0 };
      }
    },
  };
}
export type RateLimiter = ReturnType<typeof createRateLimiter>;
