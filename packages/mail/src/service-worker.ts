import type { Metrics } from "@parlor/kit";
import { resolvePath } from "@parlor/kit/config";
import type { Engine } from "@parlor/kit/store";
import type { AnyDb } from "@parlor/outbox";
import { dkimAlignmentProblem } from "./dkim-key.ts";
import { dkimFromConfig, type MailConfig, workerSettingsFromConfig } from "./service-config.ts";
import { createMailTransport } from "./transports/create-transport.ts";
import type { MailLogger } from "./transports/transport.ts";
import { createMailWorker, type MailWorkerOptions } from "./worker.ts";

/**
 * A service's outbox worker, configured from its settings: SMTP when SMTP_URL is set, `.eml` files under
 * $DATA_DIR/mail/ otherwise. `stop()` finishes or releases what it holds, then closes the transport.
 *
 *   const mail = startServiceMailWorker({ config, prefix: "COMMENTS", table: "comment_outbox", db, engine, logger, metrics, rootDir });
 */
export function startServiceMailWorker(options: {
  config: MailConfig & { DATA_DIR: string };
  prefix: string;
  table: string;
  db: AnyDb;
  engine: Engine;
  logger: MailLogger;
  metrics: Metrics;
  rootDir: string;
  onDead?: MailWorkerOptions["onDead"];
  bodies?: MailWorkerOptions["bodies"];
  batchSize?: number;
  /** List mail (one-click unsubscribe): warn at start when it would go out unsigned. */
  listMail?: boolean;
}) {
  const { config, logger, prefix } = options;
  if (options.listMail && !config.DKIM_KEY_FILE) {
    // RFC 8058 §3: one-click unsubscribe is only honoured when the List-Unsubscribe headers are DKIM-signed.
    logger.warn(
      { event: "mail.no_dkim" },
      `sending without DKIM: set ${prefix}_DKIM_DOMAIN, ${prefix}_DKIM_SELECTOR and ${prefix}_DKIM_KEY_FILE; Gmail and Yahoo ignore one-click unsubscribe (RFC 8058) on unsigned mail and may reject bulk mail`,
    );
  }
  const misaligned = config.DKIM_DOMAIN ? dkimAlignmentProblem(config.MAIL_FROM, config.DKIM_DOMAIN) : null;
  if (misaligned) logger.warn({ event: "mail.dkim_unaligned" }, `${prefix}: ${misaligned}`);
  const transport = createMailTransport({
    smtpUrl: config.SMTP_URL,
    from: config.MAIL_FROM,
    dataDir: resolvePath(options.rootDir, config.DATA_DIR),
    logger,
    maxConnections: config.MAIL_CONNECTIONS,
    dkim: dkimFromConfig(config, options.rootDir, options.prefix),
  });
  const worker = createMailWorker({
    db: options.db,
    table: options.table,
    transport,
    logger,
    metrics: options.metrics,
    engine: options.engine,
    onDead: options.onDead,
    bodies: options.bodies,
    settings: { ...workerSettingsFromConfig(config), ...(options.batchSize ? { batchSize: options.batchSize } : {}) },
  });
  worker.start();
  return {
    /** Email was queued: the worker looks for it now, not at its next poll. */
    wake: () => worker.wake(),
    async stop() {
      await worker.stop();
      await transport.close();
    },
  };
}
