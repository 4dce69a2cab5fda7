import { startRetentionJob } from "@parlor/kit/jobs";
import type { ServiceContext, Stoppable } from "@parlor/kit/service";
import { startServiceMailWorker } from "@parlor/mail";
import { startWebhookWorker } from "@parlor/webhooks";
import type { CommentsConfig } from "./config.ts";
import { OUTBOX_TABLE, WEBHOOK_OUTBOX_TABLE } from "./db/schema.ts";
import { retentionFromConfig } from "./retention/retention.setup.ts";
import type { Services } from "./services.ts";

/**
 * What runs beside the HTTP server, in the order it stops: the retention job (purge, client hashes), then the
 * mail and webhook outbox workers (they finish or release what they hold before the store closes).
 */
export function startJobs(
  services: Services,
  ctx: Pick<ServiceContext<CommentsConfig, unknown, unknown>, "engine" | "root">,
): (Stoppable | null)[] {
  const { config, db, logger, metrics } = services;
  // Made here, not in the composition root: on PostgreSQL its rate-limit stores create their tables when made.
  const purge = retentionFromConfig(services);
  const retention = startRetentionJob({
    event: "retention.run",
    intervalMs: config.RETENTION_INTERVAL,
    run: () => purge.run(),
    logger,
  });
  const mail = startServiceMailWorker({
    config,
    db,
    engine: ctx.engine,
    logger,
    metrics,
    rootDir: ctx.root,
    prefix: "COMMENTS",
    table: OUTBOX_TABLE,
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
  return [retention, mail, webhooks];
}
