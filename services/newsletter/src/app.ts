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
  type RateLimitStore,
  type RequestVars,
  refuseDotSegments,
  renderError,
  requestLog,
  securityHeaders,
} from "@parlor/kit";
import { mountWidget } from "@parlor/widget";
import { Hono } from "hono";
import type { Kysely } from "kysely";
import { Gauge } from "prom-client";
import type { NewsletterConfig } from "./config.ts";
import { MODERATOR_TABLE, type NewsletterDb, OUTBOX_TABLE } from "./db/schema.ts";
import type { ServiceDeps } from "./deps.ts";
import { createFeedWatcher } from "./feed/feed.watcher.ts";
import { archiveRoutes } from "./issues/archive.routes.ts";
import { createIssueDispatcher } from "./issues/issue.dispatcher.ts";
import { issueRoutes } from "./issues/issue.routes.ts";
import { createIssueService } from "./issues/issue.service.ts";
import { createLinks } from "./links.ts";
import { openApiDocument } from "./openapi.ts";
import { consoleRoutes } from "./pages/console.routes.ts";
import { readerRoutes } from "./readers/reader.routes.ts";
import { createReaderRights } from "./readers/reader.service.ts";
import type { Secrets } from "./setup.ts";
import { bounceHook } from "./subscribers/bounce.ts";
import { consentRoutes } from "./subscribers/consent.routes.ts";
import { CSV_IMPORT_LIMIT, CSV_PATH, subscriberRoutes } from "./subscribers/subscriber.routes.ts";
import { createSubscriberService } from "./subscribers/subscriber.service.ts";
import { WEBHOOK_PATH, webhookGuard, webhookRoutes } from "./subscribers/webhook.routes.ts";
import { subscriptionRoutes } from "./subscriptions/subscription.routes.ts";
import { createSubscriptionService } from "./subscriptions/subscription.service.ts";
import { createWebhooks } from "./webhooks.ts";

export interface AppDeps {
  config: NewsletterConfig;
  db: Kysely<NewsletterDb>;
  logger: Logger;
  clock?: { now(): Date };
  /** From prepareStore(): the admin token's hash and the service's keys. */
  secrets: Secrets;
  /** Where the file transport writes .eml files (erasure removes them). */
  mailDir?: string;
  /** The SQLite file, for the CSV export's own read-only connection (null on PostgreSQL). */
  sqliteFile?: string | null;
  /** The Prometheus registry; main.ts shares it with the mail worker. */
  metrics?: Metrics;
  /** The pg pool on PostgreSQL: rate-limit counters then live in the database, shared by every instance. */
  pool?: NonNullable<RateLimitStore>["pool"] | null;
  /** The origin links point at (PUBLIC_URL, or http://HOST:PORT once the port is bound). */
  publicUrl: () => string;
}

function serviceDeps(deps: AppDeps): ServiceDeps {
  const clock = deps.clock ?? { now: () => new Date() };
  return {
    db: deps.db,
    config: deps.config,
    clock,
    secrets: deps.secrets,
    events: { emit: (event, fields) => deps.logger.info({ event, ...fields }, event) },
    links: createLinks({ linkKey: deps.secrets.linkKey, publicUrl: deps.publicUrl, clock }),
    webhooks: createWebhooks(deps.config, clock),
  };
}

/**
 * What runs beside the HTTP app: the issue dispatcher (fan-out, schedules) and the mail worker's bounce hook.
 * main.ts starts them; tests drive them by hand.
 */
export function createBackground(deps: AppDeps) {
  const service = serviceDeps(deps);
  return {
    dispatcher: createIssueDispatcher({ ...service, logger: deps.logger }),
    feed: deps.config.FEED_URL
      ? createFeedWatcher({ ...service, logger: deps.logger, feedUrl: deps.config.FEED_URL })
      : null,
    onDead: bounceHook(createSubscriberService({ ...service, mailDir: deps.mailDir })),
  };
}

/** The whole newsletter service as a Hono app; main.ts serves it, tests call app.request(). */
export function createApp(deps: AppDeps) {
  const { config, db, logger } = deps;
  const service = serviceDeps(deps);
  const metrics = deps.metrics ?? createMetrics("newsletter");
  registerGauges(metrics, db);

  // On PostgreSQL the counters live in tables every instance shares; their keys are keyed hashes, never an address.
  const store = (table: string) => (deps.pool ? { pool: deps.pool, table } : null);
  const subscriptions = createSubscriptionService({
    ...service,
    limits: {
      client: createRateLimiter(config.RATE_LIMIT, store("newsletter_rate_client")),
      address: createRateLimiter(config.ADDRESS_RATE_LIMIT, store("newsletter_rate_address")),
      softClient: createRateLimiter(config.SOFT_RATE_LIMIT, store("newsletter_rate_soft_client")),
      network: createRateLimiter(config.NETWORK_RATE_LIMIT, store("newsletter_rate_network")),
      softAddress: createRateLimiter(config.ADDRESS_SOFT_LIMIT, store("newsletter_rate_soft_address")),
    },
  });
  const subscribers = createSubscriberService({ ...service, mailDir: deps.mailDir });
  const issues = createIssueService(service);
  const moderators = moderatorStore(db, MODERATOR_TABLE, service.clock);
  const readers = createReaderRights({ ...service, subscribers });

  const app = new Hono<{ Variables: RequestVars }>();
  app.onError((err, c) => renderError(c, err, (e) => (c.var.log ?? logger).error({ err: e }, "unhandled error")));
  app.notFound(notFoundProblem);
  app.use("*", requestLog(logger));
  app.use("*", securityHeaders());
  app.use("*", refuseDotSegments());
  app.use("*", metrics.middleware);
  const admin = adminGuard(() => [deps.secrets.adminTokenHash], "/v1/admin", moderators.identify);
  const webhook = webhookGuard(
    () => ({ admin: deps.secrets.adminTokenHash, webhook: deps.secrets.webhookTokenHash }),
    logger,
  );
  // The webhook path (exactly this spelling) takes the webhook token too; every other admin path, the admin token.
  app.use("*", (c, next) => (c.req.method === "POST" && c.req.path === WEBHOOK_PATH ? webhook : admin)(c, next));
  app.use("/v1/*", (c, next) => {
    if (c.req.method === "GET" || c.req.method === "HEAD") return next();
    return limitBody(c.req.path === CSV_PATH ? CSV_IMPORT_LIMIT : undefined)(c, next);
  });

  app.route(
    "/",
    subscriptionRoutes({
      config,
      subscriptions,
      links: service.links,
      clientKey: deps.secrets.clientKey,
      publicUrl: deps.publicUrl,
    }),
  );
  app.route("/", subscriberRoutes({ service, subscribers, db, sqliteFile: deps.sqliteFile ?? null }));
  app.route("/", consentRoutes({ db }));
  app.route("/", webhookRoutes({ subscribers, logger }));
  app.route("/", issueRoutes({ issues }));
  app.route("/", archiveRoutes({ db, config }));
  app.route("/", moderatorRoutes({ db, store: moderators, base: "/v1/admin/newsletter/moderators" }));
  app.route(
    "/",
    readerRoutes({
      readers,
      limit: createRateLimiter(config.READER_REQUEST_RATE_LIMIT, store("newsletter_rate_reader")),
      clientHash: (c) => hashAddress(deps.secrets.clientKey, clientAddress(c, config.TRUST_PROXY)),
      listName: config.LIST_NAME,
    }),
  );
  app.route("/", consoleRoutes());
  mountWidget(app, { prefix: "/newsletter" });
  mountHealth(app, db);
  metrics.mount(app);
  mountOpenApi(app, openApiDocument, "/newsletter/docs");
  return app;
}

// Scraped values, read from the store when Prometheus asks: subscribers by status and the outbox by status.
function registerGauges(metrics: Metrics, db: Kysely<NewsletterDb>) {
  const byStatus = async (table: "subscriber" | typeof OUTBOX_TABLE) =>
    (await db
      .selectFrom(table)
      .select((eb) => ["status", eb.fn.countAll().as("n")])
      .groupBy("status")
      .execute()) as { status: string; n: number | string | bigint }[];
  new Gauge({
    name: "newsletter_subscribers",
    help: "Subscribers by status",
    labelNames: ["status"],
    registers: [metrics.registry],
    async collect() {
      this.reset();
      for (const s of ["pending_review", "pending", "active", "unsubscribed", "rejected", "bounced"])
        this.set({ status: s }, 0);
      for (const r of await byStatus("subscriber")) this.set({ status: r.status }, Number(r.n));
    },
  });
  new Gauge({
    name: "newsletter_outbox_messages",
    help: "Emails in the outbox by status (queued, sending, sent, dead)",
    labelNames: ["status"],
    registers: [metrics.registry],
    async collect() {
      this.reset();
      for (const s of ["queued", "sending", "sent", "dead"]) this.set({ status: s }, 0);
      for (const r of await byStatus(OUTBOX_TABLE)) this.set({ status: r.status }, Number(r.n));
    },
  });
}
