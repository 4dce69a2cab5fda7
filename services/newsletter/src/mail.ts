import { type Engine, type Logger, type Metrics, resolvePath } from "@parlor/kit";
import {
  createMailTransport,
  createMailWorker,
  dkimFromConfig,
  type MailWorkerOptions,
  workerSettingsFromConfig,
} from "@parlor/mail";
import type { Kysely } from "kysely";
import type { NewsletterConfig } from "./config.ts";
import { type NewsletterDb, OUTBOX_TABLE } from "./db/schema.ts";

/** The outbox worker of this process: SMTP when SMTP_URL is set, `.eml` files under $DATA_DIR/mail/ otherwise. */
export function startMailWorker(options: {
  config: NewsletterConfig;
  db: Kysely<NewsletterDb>;
  engine: Engine;
  logger: Logger;
  metrics: Metrics;
  rootDir: string;
  onDead: MailWorkerOptions["onDead"];
}) {
  const { config, logger } = options;
  const dkim = dkimFromConfig(config, options.rootDir, "NEWSLETTER");
  if (!dkim) {
    // RFC 8058 §3: one-click unsubscribe is only honoured when the List-Unsubscribe headers are DKIM-signed.
    logger.warn(
      { event: "mail.no_dkim" },
      "sending without DKIM: set NEWSLETTER_DKIM_DOMAIN, NEWSLETTER_DKIM_SELECTOR and NEWSLETTER_DKIM_KEY_FILE; Gmail and Yahoo ignore one-click unsubscribe (RFC 8058) on unsigned mail and may reject bulk mail",
    );
  }
  const transport = createMailTransport({
    smtpUrl: config.SMTP_URL,
    from: config.MAIL_FROM,
    dataDir: resolvePath(options.rootDir, config.DATA_DIR),
    logger,
    maxConnections: config.MAIL_CONNECTIONS,
    dkim,
  });
  const worker = createMailWorker({
    db: options.db,
    table: OUTBOX_TABLE,
    transport,
    logger,
    metrics: options.metrics,
    engine: options.engine,
    onDead: options.onDead,
    settings: { ...workerSettingsFromConfig(config), batchSize: 100 },
  });
  worker.start();
  return {
    async stop() {
      await worker.stop();
      await transport.close();
    },
  };
}
