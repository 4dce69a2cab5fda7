import { createRateLimiter, type RateLimitStore } from "@parlor/kit/http";
import type { Kysely } from "kysely";
import type { CommentsConfig } from "../config.ts";
import type { CommentsDb } from "../db/schema.ts";
import { createRetention } from "./retention.service.ts";

/** The rate-limit table of each limiter app.ts creates (PostgreSQL); named here once so retention sees them all. */
export const RATE_TABLE = {
  hard: "comment_rate_limit",
  soft: "comment_rate_soft",
  preview: "comment_rate_preview",
  report: "comment_rate_report",
  reader: "comment_rate_reader",
} as const;

/** Every rate-limit table: their expired rows (keyed client hashes) are dropped by the retention job too. */
export const RATE_TABLES: string[] = Object.values(RATE_TABLE);

/** The retention job as main.ts and the CLI run it, from the settings. */
export function retentionFromConfig(options: {
  db: Kysely<CommentsDb>;
  config: CommentsConfig;
  pool?: NonNullable<RateLimitStore>["pool"] | null;
  clock?: { now(): Date };
}) {
  const { pool } = options;
  return createRetention({
    db: options.db,
    clock: options.clock ?? { now: () => new Date() },
    purgeAfterMs: options.config.PURGE_AFTER,
    clientHashRetentionMs: options.config.CLIENT_HASH_RETENTION,
    limiters: pool ? RATE_TABLES.map((table) => createRateLimiter({ points: 1, windowMs: 1000 }, { pool, table })) : [],
  });
}
