import { createRateLimiter, type RateLimitStore } from "@parlor/kit/http";
import type { Kysely } from "kysely";
import type { NewsletterDb } from "../db/schema.ts";
import { dropClientHashesBefore } from "../subscribers/subscriber.repository.ts";

/** The rate-limit tables app.ts counts in on PostgreSQL: their expired rows (keyed hashes) are dropped too. */
export const RATE_TABLES = [
  "newsletter_rate_client",
  "newsletter_rate_address",
  "newsletter_rate_soft_client",
  "newsletter_rate_network",
  "newsletter_rate_soft_address",
  "newsletter_rate_reader",
];

/**
 * Keyed hashes of client addresses are kept only while the rate limits and the screen need them: a
 * subscriber's `client_hash` is set to null CLIENT_HASH_RETENTION after signup (0 keeps it), and expired
 * PostgreSQL rate-limit rows are deleted. Idempotent; safe on several instances at once.
 */
export function createHashRetention(options: {
  db: Kysely<NewsletterDb>;
  clock: { now(): Date };
  retentionMs: number;
  pool?: NonNullable<RateLimitStore>["pool"] | null;
}) {
  const { pool } = options;
  const limiters = pool
    ? RATE_TABLES.map((table) => createRateLimiter({ points: 1, windowMs: 1000 }, { pool, table }))
    : [];
  return {
    async run(): Promise<number> {
      if (options.retentionMs <= 0) return 0;
      const cutoff = new Date(options.clock.now().getTime() - options.retentionMs).toISOString();
      const dropped = await dropClientHashesBefore(options.db, cutoff);
      for (const limiter of limiters) await limiter.clearExpired();
      return dropped;
    },
  };
}
