import { startRetentionJob } from "@parlor/kit/jobs";
import type { ServiceContext, Stoppable } from "@parlor/kit/service";
import { startServiceMailWorker } from "@parlor/mail";
import { startWebhookWorker } from "@parlor/webhooks";
import type { NewsletterConfig } from "./config.ts";
import { OUTBOX_TABLE, WEBHOOK_OUTBOX_TABLE } from "./db/schema.ts";
import { createHashRetention } from "./retention/client-hashes.ts";
import type { Services } from "./services.ts";

/**
 * What runs beside the HTTP server, in the order it stops: the issue dispatcher, the client-hash retention job,
 * the feed watcher, then the webhook and mail outbox workers (they finish or release what they hold before the
 * store closes).
 */
export function startJobs(
  services: Services,
  ctx: Pick<ServiceContext<NewsletterConfig, unknown, unknown>, "engine" | "root">,
): (Stoppable | null)[] {
  const { config, db, logger, metrics } = services;
  if (!config.POSTAL_ADDRESS) {
    logger.warn(
      { event: "config.no_postal_address" },
      "NEWSLETTER_POSTAL_ADDRESS is not set: issues cannot be sent until it is (CAN-SPAM asks for the sender's postal address in every issue)",
    );
  }
  // An issue goes out in claims of 500: the pause between two rounds (the last sends, the sent marks, the next
  // claim) then costs little next to the sends; the worker renews a round's leases when they run short.
  const mail = startServiceMailWorker({
    config,
    db,
    engine: ctx.engine,
    logger,
    metrics,
    rootDir: ctx.root,
    onDead: services.onDead,
    bodies: services.bodies,
    prefix: "NEWSLETTER",
    table: OUTBOX_TABLE,
    batchSize: 500,
    listMail: true,
  });
  // Each chunk of an issue's copies is sent as soon as it is committed, not at the worker's next poll.
  services.dispatcher.start(config.MAIL_POLL_INTERVAL, { onQueued: () => mail.wake() });
  // Made here, not in the composition root: on PostgreSQL its rate-limit stores create their tables when made.
  const hashes = createHashRetention({
    db,
    clock: services.clock,
    retentionMs: config.CLIENT_HASH_RETENTION,
    pool: services.pool,
  });
  const retention = startRetentionJob({
    event: "retention.client_hashes",
    intervalMs: config.RETENTION_INTERVAL,
    run: async () => ({ dropped: await hashes.run() }),
    logger,
  });
  const webhooks = startWebhookWorker({
    db,
    table: WEBHOOK_OUTBOX_TABLE,
    secret: config.WEBHOOK_SECRET,
    // Rows queued for URLs configured back then (a restored store) go where WEBHOOK_URLS says now.
    routes: config.WEBHOOK_URLS,
    logger,
    engine: ctx.engine,
  });
  services.feed?.start(config.FEED_POLL);
  return [services.dispatcher, retention, services.feed, webhooks, mail];
}
