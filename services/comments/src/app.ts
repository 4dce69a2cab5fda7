import {
  adminGuard,
  finishServiceApp,
  clientHash as hashClient,
  type RateLimiter,
  type RequestFacts,
  serviceApp,
} from "@parlor/kit/http";
import { moderatorRoutes } from "@parlor/kit/moderators";
import { mountWidget } from "@parlor/widget";
import type { Context } from "hono";
import { auditRoutes } from "./audit/audit.routes.ts";
import { blockRoutes } from "./blocks/block.routes.ts";
import { type CommentRouteDeps, commentFastPost, commentFastReads, commentRoutes } from "./comments/comment.routes.ts";
import { consoleRoutes } from "./console/console.routes.ts";
import { feedRoutes } from "./feed/feed.routes.ts";
import { moderationRoutes } from "./moderation/moderation.routes.ts";
import { threadRoutes } from "./moderation/thread.routes.ts";
import { notificationRoutes } from "./notifications/notification.routes.ts";
import { readerRoutes } from "./readers/reader.routes.ts";
import { reportRoutes } from "./reports/report.routes.ts";
import { RATE_TABLE } from "./retention/retention.setup.ts";
import { createServices, type ServiceDeps, type Services } from "./services.ts";

export type AppDeps = ServiceDeps;

/**
 * The whole comments service as a Hono app: the kit's HTTP shell around this service's routes. main.ts serves it;
 * tests call app.request(). Given the composition root's services, or what they are built from.
 */
export function createApp(input: ServiceDeps | Services) {
  const services = "moderation" in input ? input : createServices(input);
  const { config, db, metrics, moderation, limiter } = services;
  metrics.gauge("comments_moderation_queue_length", "Comments waiting for a moderator", services.queueLength);
  const clientHash = (c: Context | RequestFacts) =>
    hashClient(c, { trustProxy: config.TRUST_PROXY, secret: services.secrets.clientKey });

  const app = serviceApp({
    logger: services.logger,
    metrics,
    guard: adminGuard(() => [services.secrets.adminTokenHash], "/v1/admin", services.moderators.identify),
  });
  const comments: CommentRouteDeps = {
    config,
    comments: services.comments,
    threads: services.threads,
    limits: {
      hard: limiter(config.RATE_LIMIT, RATE_TABLE.hard),
      soft: limiter(config.SOFT_RATE_LIMIT, RATE_TABLE.soft),
      preview: lazyLimiter(() => limiter(config.PREVIEW_RATE_LIMIT, RATE_TABLE.preview)),
    },
    clientHash,
    publicUrl: services.publicUrl,
    pages: services.pages,
  };
  app.route("/", commentRoutes(comments));
  commentFastReads(app, services.threads);
  commentFastPost(app, comments);
  app.route(
    "/",
    reportRoutes({
      reports: services.reports,
      limit: lazyLimiter(() => limiter(config.REPORT_RATE_LIMIT, RATE_TABLE.report)),
      clientHash,
    }),
  );
  app.route("/", blockRoutes({ blocks: services.blocks }));
  app.route("/", threadRoutes({ threadClosing: services.threadClosing }));
  app.route(
    "/",
    moderationRoutes({ queue: services.queue, moderation, pins: services.pins, mailDir: services.mailDir }),
  );
  app.route(
    "/",
    notificationRoutes({ notifier: services.notifier, links: services.notificationLinks, pages: services.pages }),
  );
  app.route("/", moderatorRoutes({ moderators: services.moderators, base: "/v1/admin/comments/moderators" }));
  app.route("/", auditRoutes({ audit: services.audit }));
  app.route(
    "/",
    readerRoutes({
      readers: services.readers,
      pages: services.pages,
      limit: limiter(config.READER_REQUEST_RATE_LIMIT, RATE_TABLE.reader),
      clientHash,
      site: config.SITE_NAME,
    }),
  );
  app.route("/", consoleRoutes(config.IMAGE_ORIGINS));
  app.route("/", feedRoutes({ feed: services.feed }));
  return finishServiceApp(app, {
    db,
    metrics,
    apiInfo: { title: "Parlor comments", version: "1", description: "The comments service of Parlor." },
    docsPath: "/comments/docs",
    publicUrl: services.publicUrl,
    assets: (a) => mountWidget(a, { prefix: "/comments" }),
  });
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
