import { type Engine, type Logger, type Metrics, resolvePath } from "@parlor/kit";
import { createMailTransport, createMailWorker, dkimFromConfig, workerSettingsFromConfig } from "@parlor/mail";
import type { Kysely } from "kysely";
import type { CommentsConfig } from "./config.ts";
import { type CommentsDb, OUTBOX_TABLE } from "./db/schema.ts";

/** The outbox worker of this process: SMTP when SMTP_URL is set, `.eml` files under $DATA_DIR/mail/ otherwise. */
export function startMailWorker(options: {
  config: CommentsConfig;
  db: Kysely<CommentsDb>;
  engine: Engine;
  logger: Logger;
  metrics: Metrics;
  rootDir: string;
}) {
  const { config, logger } = options;
  const dkim = dkimFromConfig(config, options.rootDir, "COMMENTS");
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
    settings: workerSettingsFromConfig(config),
  });
  worker.start();
  return {
    async stop() {
      await worker.stop();
      await transport.close();
    },
  };
}
