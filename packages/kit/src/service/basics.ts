import type { Kysely } from "kysely";
import type { Logger } from "../core/logger.ts";
import { createMetrics, type Metrics } from "../core/metrics.ts";
import { createRateLimiter, type RateLimitRule, type RateLimitStore } from "../http/rate-limit.ts";
import { createPages } from "../pages/page.ts";

/** What a service's composition root is built from: the runner's, a CLI command's or a test's. */
export interface ServiceInputs<C, DB, S> {
  config: C;
  db: Kysely<DB>;
  logger: Logger;
  clock?: { now(): Date };
  /** From the service's prepareStore(): the admin token's hash and the service's keys. */
  secrets: S;
  /** The pg pool on PostgreSQL: rate-limit counters then live in the database, shared by every instance. */
  pool?: NonNullable<RateLimitStore>["pool"] | null;
  /** Where the file transport writes .eml files (erasure removes them). */
  mailDir?: string;
  /** The Prometheus registry; the runner shares it with the mail worker. */
  metrics?: Metrics;
  /** The origin links and form redirects point at (PUBLIC_URL, or http://HOST:PORT once the port is bound). */
  publicUrl: () => string;
}

/**
 * What every composition root starts from: the clock, the log of named domain events, rate limiters (on
 * PostgreSQL their counters live in a table every instance shares; keys are keyed hashes, never an address), the
 * reader pages' shell and the metrics registry.
 *
 *   const { clock, events, limiter, pages, metrics } = serviceBasics("comments", deps);
 */
export function serviceBasics(
  name: string,
  deps: Pick<
    ServiceInputs<{ SITE_NAME: string }, unknown, unknown>,
    "config" | "logger" | "clock" | "pool" | "metrics" | "publicUrl"
  >,
) {
  return {
    clock: deps.clock ?? { now: () => new Date() },
    events: {
      emit: (event: string, fields: Record<string, unknown>) => deps.logger.info({ event, ...fields }, event),
    },
    limiter: (rule: RateLimitRule | "off", table: string) =>
      createRateLimiter(rule, deps.pool ? { pool: deps.pool, table } : null),
    pages: createPages({ site: deps.config.SITE_NAME, home: deps.publicUrl }),
    metrics: deps.metrics ?? createMetrics(name),
  };
}

/**
 * The names of the tables every service keeps under its own prefix: its settings, its mail and webhook outboxes
 * and its named moderators (the two services never share a table).
 *
 *   export const { SETTING_TABLE, OUTBOX_TABLE, MODERATOR_TABLE, WEBHOOK_OUTBOX_TABLE } = shellTables("comment");
 */
export function shellTables<P extends string>(prefix: P) {
  return {
    SETTING_TABLE: `${prefix}_setting` as const,
    OUTBOX_TABLE: `${prefix}_outbox` as const,
    MODERATOR_TABLE: `${prefix}_moderator` as const,
    WEBHOOK_OUTBOX_TABLE: `${prefix}_webhook_outbox` as const,
  };
}
