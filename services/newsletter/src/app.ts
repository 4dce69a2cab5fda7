import type { Metrics } from "@parlor/kit";
import { adminGuard, clientHash, finishServiceApp, serviceApp } from "@parlor/kit/http";
import { moderatorRoutes } from "@parlor/kit/moderators";
import { mountWidget } from "@parlor/widget";
import { Gauge } from "prom-client";
import { archiveRoutes } from "./issues/archive.routes.ts";
import { issueRoutes } from "./issues/issue.routes.ts";
import { consoleRoutes } from "./pages/console.routes.ts";
import { readerRoutes } from "./readers/reader.routes.ts";
import { type AppDeps, createServices, type Services } from "./services.ts";
import { consentRoutes } from "./subscribers/consent.routes.ts";
import { CSV_IMPORT_LIMIT, CSV_PATH, subscriberRoutes } from "./subscribers/subscriber.routes.ts";
import type { SubscriberService } from "./subscribers/subscriber.service.ts";
import { WEBHOOK_PATH, webhookGuard, webhookRoutes } from "./subscribers/webhook.routes.ts";
import { preferenceRoutes } from "./subscriptions/preference.routes.ts";
import { signupFastPost, subscriptionRoutes } from "./subscriptions/subscription.routes.ts";
import { topicRoutes } from "./topics/topic.routes.ts";

export type { AppDeps } from "./services.ts";
export { createBackground } from "./services.ts";

/**
 * The whole newsletter service as a Hono app: the kit's HTTP shell around this service's routes. main.ts serves
 * it; tests call app.request(). Given the composition root's services, or what they are built from.
 */
export function createApp(input: AppDeps | Services) {
  const services = "subscriptions" in input ? input : createServices(input);
  const { config, db, logger, metrics, secrets } = services;
  registerGauges(metrics, services.subscribers.countsByStatus);

  const admin = adminGuard(() => [secrets.adminTokenHash], "/v1/admin", services.moderators.identify);
  const webhook = webhookGuard(() => ({ admin: secrets.adminTokenHash, webhook: secrets.webhookTokenHash }), logger);
  const app = serviceApp({
    logger,
    metrics,
    // The webhook path (exactly this spelling) takes the webhook token too; every other admin path, the admin token.
    guard: (c, next) => (c.req.method === "POST" && c.req.path === WEBHOOK_PATH ? webhook : admin)(c, next),
    bodyLimit: (path) => (path === CSV_PATH ? CSV_IMPORT_LIMIT : undefined),
  });
  app.route(
    "/",
    subscriptionRoutes({
      config,
      subscriptions: services.subscriptions,
      links: services.links,
      clientKey: secrets.clientKey,
      publicUrl: services.publicUrl,
      pages: services.pages,
    }),
  );
  signupFastPost(app, { config, subscriptions: services.subscriptions, clientKey: secrets.clientKey });
  app.route(
    "/",
    preferenceRoutes({
      config,
      subscriptions: services.subscriptions,
      links: services.links,
      clientKey: secrets.clientKey,
      pages: services.pages,
    }),
  );
  app.route("/", topicRoutes({ topics: services.topics }));
  app.route("/", subscriberRoutes({ subscribers: services.subscribers }));
  app.route("/", consentRoutes({ subscribers: services.subscribers }));
  app.route("/", webhookRoutes({ subscribers: services.subscribers, logger }));
  app.route("/", issueRoutes({ issues: services.issues }));
  app.route(
    "/",
    archiveRoutes({
      issues: services.issues,
      config,
      pages: services.pages,
      publicUrl: services.publicUrl,
      clock: services.clock,
    }),
  );
  app.route("/", moderatorRoutes({ moderators: services.moderators, base: "/v1/admin/newsletter/moderators" }));
  app.route(
    "/",
    readerRoutes({
      readers: services.readers,
      pages: services.pages,
      limit: services.limiter(config.READER_REQUEST_RATE_LIMIT, "newsletter_rate_reader"),
      clientHash: (c) => clientHash(c, { trustProxy: config.TRUST_PROXY, secret: secrets.clientKey }),
      listName: config.LIST_NAME,
    }),
  );
  app.route("/", consoleRoutes(config.IMAGE_ORIGINS));
  return finishServiceApp(app, {
    db,
    metrics,
    apiInfo: {
      title: "Parlor newsletter",
      version: "1",
      description: "The newsletter service of Parlor: double opt-in signup, one-click unsubscribe, moderation, issues.",
    },
    docsPath: "/newsletter/docs",
    publicUrl: services.publicUrl,
    assets: (a) => mountWidget(a, { prefix: "/newsletter" }),
  });
}

// Scraped values, read from the store when Prometheus asks: subscribers by status and the outbox by status.
function registerGauges(metrics: Metrics, counts: SubscriberService["countsByStatus"]) {
  new Gauge({
    name: "newsletter_subscribers",
    help: "Subscribers by status",
    labelNames: ["status"],
    registers: [metrics.registry],
    async collect() {
      this.reset();
      for (const s of ["pending_review", "pending", "active", "unsubscribed", "rejected", "bounced"])
        this.set({ status: s }, 0);
      for (const r of await counts("subscribers")) this.set({ status: r.status }, Number(r.n));
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
      for (const r of await counts("outbox")) this.set({ status: r.status }, Number(r.n));
    },
  });
}
