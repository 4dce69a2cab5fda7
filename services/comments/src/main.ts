import { createLogger, createMetrics, openDatabase, openStoreOrExit, startServer } from "@parlor/kit";
import { mailDirOf } from "@parlor/mail";
import { startWebhookWorker } from "@parlor/webhooks";
import { createApp } from "./app.ts";
import { type CommentsDb, WEBHOOK_OUTBOX_TABLE } from "./db/schema.ts";
import { startMailWorker } from "./mail.ts";
import { startRetention } from "./retention/retention.service.ts";
import { retentionFromConfig } from "./retention/retention.setup.ts";
import { loadRuntime } from "./runtime.ts";
import { prepareStore } from "./setup.ts";

// The runner: the only file that reads the environment, opens files and sockets, and handles signals.
const { root, config, dataDir, databaseUrl } = loadRuntime();
const logger = createLogger({ name: "comments", level: config.LOG_LEVEL });
const store = openStoreOrExit("comments", () =>
  openDatabase<CommentsDb>(databaseUrl, {
    poolSize: config.DATABASE_POOL_SIZE,
    busyTimeoutMs: config.BUSY_TIMEOUT,
  }),
);
const secrets = await prepareStore(store.db, config.ADMIN_TOKEN);
if (secrets.generatedAdminToken) {
  process.stdout.write(
    `\nNo ADMIN_TOKEN was set, so one was generated. It is shown this once; only its hash is kept:\n\n  ${secrets.generatedAdminToken}\n\n`,
  );
}
let boundUrl = "";
const metrics = createMetrics("comments");
const app = createApp({
  config,
  db: store.db,
  logger,
  secrets,
  metrics,
  pool: store.pool,
  mailDir: mailDirOf(dataDir),
  publicUrl: () => config.PUBLIC_URL ?? boundUrl,
});
const server = await startServer(app, {
  host: config.HOST,
  port: config.PORT,
  logger,
  limits: config,
  onClose: async () => {
    await retention.stop();
    await mail.stop(); // finishes or releases what it holds before the database closes
    await webhooks?.stop();
    await store.db.destroy();
  },
});
boundUrl = server.url;
const mail = startMailWorker({ config, db: store.db, engine: store.engine, logger, metrics, rootDir: root });
const retention = startRetention(
  retentionFromConfig({ db: store.db, config, pool: store.pool }),
  config.RETENTION_INTERVAL,
  logger,
);
const webhooks = startWebhookWorker({
  db: store.db,
  table: WEBHOOK_OUTBOX_TABLE,
  secret: config.WEBHOOK_SECRET,
  logger,
  engine: store.engine,
});
logger.info({ url: server.url, database: store.engine }, "comments started");
