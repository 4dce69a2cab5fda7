import {
  createMetrics,
  createRateLimiter,
  type Logger,
  type Metrics,
  moderatorStore,
  type RateLimitStore,
} from "@parlor/kit";
import { createPages } from "@parlor/kit/pages";
import type { Kysely } from "kysely";
import { recordAudit } from "./audit/audit.repository.ts";
import { renderMarkdown } from "./comments/comment.render.ts";
import { countByStatus } from "./comments/comment.repository.ts";
import { type CommentDeps, createCommentService } from "./comments/comment.service.ts";
import { createThreadReader } from "./comments/thread.service.ts";
import type { CommentsConfig } from "./config.ts";
import { type CommentsDb, MODERATOR_TABLE } from "./db/schema.ts";
import { createModerationService } from "./moderation/moderation.service.ts";
import { createNotifier } from "./notifications/notification.service.ts";
import { createReaderRights } from "./readers/reader.service.ts";
import { createReportService } from "./reports/report.service.ts";
import { retentionFromConfig } from "./retention/retention.setup.ts";
import { createWebhooks } from "./webhooks.ts";

/** What the composition root is built from: the runner's, a CLI command's or a test's. */
export interface ServiceDeps {
  config: CommentsConfig;
  db: Kysely<CommentsDb>;
  logger: Logger;
  clock?: { now(): Date };
  /** From prepareStore(): the admin token's hash, the client-address hashing key, the email-link signing key. */
  secrets: { adminTokenHash: string; clientKey: string; linkKey: string };
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
 * The comments service's composition root: every domain service, wired once, for the HTTP app (app.ts), the
 * operators' CLI (cli/store.ts) and the background jobs (jobs.ts) alike, so an approval from the terminal queues
 * the same emails and webhooks as one from the console.
 */
export function createServices(deps: ServiceDeps) {
  const { config, db, logger } = deps;
  const clock = deps.clock ?? { now: () => new Date() };
  const events = { emit: (event: string, fields: Record<string, unknown>) => logger.info({ event, ...fields }, event) };
  const notifier = createNotifier({ config, clock, events, linkKey: deps.secrets.linkKey, publicUrl: deps.publicUrl });
  const webhooks = createWebhooks(config, clock);
  const domain: CommentDeps = { db, config, clock, events, notifier, webhooks };
  const moderation = createModerationService(domain);
  // On PostgreSQL the counters live in tables every instance shares; their keys are keyed hashes, never an address.
  const limiter = (rate: CommentsConfig["RATE_LIMIT"], table: string) =>
    createRateLimiter(rate, deps.pool ? { pool: deps.pool, table } : null);
  return {
    ...deps,
    clock,
    events,
    domain,
    pages: createPages({ site: config.SITE_NAME, home: deps.publicUrl }),
    metrics: deps.metrics ?? createMetrics("comments"),
    notifier,
    webhooks,
    comments: createCommentService(domain),
    moderation,
    moderators: moderatorStore(db, MODERATOR_TABLE, clock),
    reports: createReportService(domain),
    readers: createReaderRights({
      ...domain,
      moderation,
      linkKey: deps.secrets.linkKey,
      publicUrl: deps.publicUrl,
      mailDir: deps.mailDir,
    }),
    threads: createThreadReader(db, { maxDepth: config.REPLY_DEPTH, autoCloseAfterMs: config.AUTO_CLOSE_AFTER, clock }),
    retention: retentionFromConfig({ db, config, pool: deps.pool, clock }),
    limiter,
    audit: (trx: Kysely<CommentsDb>, entry: Omit<Parameters<typeof recordAudit>[1], "at">) =>
      recordAudit(trx, { ...entry, at: clock.now() }),
    render: (md: string) => renderMarkdown(md, { allowedImageOrigins: config.IMAGE_ORIGINS }),
    queueLength: () => countByStatus(db, "pending"),
  };
}
export type Services = ReturnType<typeof createServices>;
