import {
  adminGuard,
  clientAddress,
  createMetrics,
  createRateLimiter,
  hashAddress,
  type Logger,
  limitBody,
  type Metrics,
  moderatorRoutes,
  moderatorStore,
  mountHealth,
  mountOpenApi,
  notFoundProblem,
  type RateLimiter,
  type RateLimitStore,
  type RequestVars,
  refuseDotSegments,
  renderError,
  requestLog,
  securityHeaders,
} from "@parlor/kit";
import { mountWidget } from "@parlor/widget";
import { type Context, Hono } from "hono";
import type { Kysely } from "kysely";
import { recordAudit } from "./audit/audit.repository.ts";
import { auditRoutes } from "./audit/audit.routes.ts";
import { blockRoutes } from "./blocks/block.routes.ts";
import { countByStatus } from "./comments/comment.repository.ts";
import { commentRoutes } from "./comments/comment.routes.ts";
import { createCommentService } from "./comments/comment.service.ts";
import { createThreadReader } from "./comments/thread.service.ts";
import type { CommentsConfig } from "./config.ts";
import { consoleRoutes } from "./console/console.routes.ts";
import { type CommentsDb, MODERATOR_TABLE } from "./db/schema.ts";
import { feedRoutes } from "./feed/feed.routes.ts";
import { moderationRoutes } from "./moderation/moderation.routes.ts";
import { createModerationService } from "./moderation/moderation.service.ts";
import { threadRoutes } from "./moderation/thread.routes.ts";
import { notificationRoutes } from "./notifications/notification.routes.ts";
import { createNotifier } from "./notifications/notification.service.ts";
import { openApiDocument } from "./openapi.ts";
import { readerRoutes } from "./readers/reader.routes.ts";
import { createReaderRights } from "./readers/reader.service.ts";
import { reportRoutes } from "./reports/report.routes.ts";
import { createReportService } from "./reports/report.service.ts";
import { createWebhooks } from "./webhooks.ts";

export interface AppDeps {
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
  /** The Prometheus registry; main.ts shares it with the mail worker. */
  metrics?: Metrics;
  /** The origin links and form redirects point at (PUBLIC_URL, or http://HOST:PORT once the port is bound). */
  publicUrl: () => string;
}

/** The whole comments service as a Hono app; main.ts serves it, tests call app.request(). */
export function createApp(deps: AppDeps) {
  const { config, db, logger } = deps;
  const clock = deps.clock ?? { now: () => new Date() };
  const events = { emit: (event: string, fields: Record<string, unknown>) => logger.info({ event, ...fields }, event) };
  const metrics = deps.metrics ?? createMetrics("comments");
  metrics.gauge("comments_moderation_queue_length", "Comments waiting for a moderator", () =>
    countByStatus(db, "pending"),
  );

  const notifier = createNotifier({ config, clock, events, linkKey: deps.secrets.linkKey, publicUrl: deps.publicUrl });
  const webhooks = createWebhooks(config, clock);
  const serviceDeps = { db, config, clock, events, notifier, webhooks };
  const comments = createCommentService(serviceDeps);
  const moderation = createModerationService(serviceDeps);
  const moderators = moderatorStore(db, MODERATOR_TABLE, clock);
  const readers = createReaderRights({
    ...serviceDeps,
    moderation,
    linkKey: deps.secrets.linkKey,
    publicUrl: deps.publicUrl,
    mailDir: deps.mailDir,
  });
  const threads = createThreadReader(db, {
    maxDepth: config.REPLY_DEPTH,
    autoCloseAfterMs: config.AUTO_CLOSE_AFTER,
    clock,
  });
  const clientHash = (c: Context) => hashAddress(deps.secrets.clientKey, clientAddress(c, config.TRUST_PROXY));

  const app = new Hono<{ Variables: RequestVars }>();
  app.onError((err, c) => renderError(c, err, (e) => (c.var.log ?? logger).error({ err: e }, "unhandled error")));
  app.notFound(notFoundProblem);
  app.use("*", requestLog(logger));
  app.use("*", securityHeaders());
  app.use("*", metrics.middleware);
  app.use(
    "*",
    adminGuard(() => [deps.secrets.adminTokenHash], "/v1/admin", moderators.identify),
  );
  app.use("*", refuseDotSegments());
  // Every write has a body limit, the pages behind email links included, not only the API.
  app.use("*", async (c, next) => (["GET", "HEAD"].includes(c.req.method) ? next() : limitBody()(c, next)));

  app.route(
    "/",
    commentRoutes({
      db,
      config,
      comments,
      threads,
      limits: {
        hard: createRateLimiter(config.RATE_LIMIT, deps.pool ? { pool: deps.pool, table: "comment_rate_limit" } : null),
        soft: createRateLimiter(
          config.SOFT_RATE_LIMIT,
          deps.pool ? { pool: deps.pool, table: "comment_rate_soft" } : null,
        ),
      },
      clientHash,
      publicUrl: deps.publicUrl,
    }),
  );
  app.route(
    "/",
    reportRoutes({
      reports: createReportService(serviceDeps),
      limit: lazyLimiter(() =>
        createRateLimiter(
          config.REPORT_RATE_LIMIT,
          deps.pool ? { pool: deps.pool, table: "comment_rate_report" } : null,
        ),
      ),
      clientHash,
    }),
  );
  app.route("/", blockRoutes({ db, clock, moderation, events }));
  app.route("/", threadRoutes({ db, clock, autoCloseAfterMs: config.AUTO_CLOSE_AFTER, events }));
  app.route("/", moderationRoutes({ db, moderation, mailDir: deps.mailDir }));
  app.route("/", notificationRoutes({ db, notifier, moderation }));
  app.route(
    "/",
    moderatorRoutes({
      db,
      store: moderators,
      base: "/v1/admin/comments/moderators",
      audit: (trx, entry) => recordAudit(trx, { ...entry, at: clock.now() }),
    }),
  );
  app.route("/", auditRoutes({ db }));
  app.route(
    "/",
    readerRoutes({
      readers,
      limit: createRateLimiter(
        config.READER_REQUEST_RATE_LIMIT,
        deps.pool ? { pool: deps.pool, table: "comment_rate_reader" } : null,
      ),
      clientHash,
      site: config.SITE_NAME,
    }),
  );
  app.route("/", consoleRoutes());
  app.route("/", feedRoutes({ db, publicUrl: deps.publicUrl, siteName: config.SITE_NAME, clock }));
  mountHealth(app, db);
  metrics.mount(app);
  mountOpenApi(app, openApiDocument, "/comments/docs");
  mountWidget(app, { prefix: "/comments" });
  return app;
}

/**
 * A limiter made on first use. On PostgreSQL a limiter creates its table when made; reports are rare, so that
 * waits for the first one instead of racing the pool at every start (and every test's shutdown).
 */
function lazyLimiter(make: () => RateLimiter): RateLimiter {
  let limiter: RateLimiter | null = null;
  return {
    consume(key: string, points?: number) {
      limiter ??= make();
      return limiter.consume(key, points);
    },
    async clearExpired() {
      await limiter?.clearExpired();
    },
  };
}
