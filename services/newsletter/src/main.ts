import { resolve } from "node:path";
import {
  ConfigError,
  createLogger,
  createMetrics,
  findRepoRoot,
  loadConfig,
  openDatabase,
  openStoreOrExit,
  publicUrlProblem,
  resolvePath,
  startServer,
} from "@parlor/kit";
import { dkimFromConfig, mailDirOf } from "@parlor/mail";
import { startWebhookWorker, webhookConfigProblem } from "@parlor/webhooks";
import { createApp, createBackground } from "./app.ts";
import { configShape } from "./config.ts";
import { type NewsletterDb, WEBHOOK_OUTBOX_TABLE } from "./db/schema.ts";
import { startMailWorker } from "./mail.ts";
import { createHashRetention, startHashRetention } from "./retention/client-hashes.ts";
import { prepareStore } from "./setup.ts";

// The runner: the only file that reads the environment, opens files and sockets, and handles signals.
const root = findRepoRoot();
let config: ReturnType<typeof loadConfig<typeof configShape>>;
try {
  config = loadConfig(configShape, { prefix: "NEWSLETTER", rootDir: root });
} catch (e) {
  if (!(e instanceof ConfigError)) throw e;
  console.error(e.problems.map((p) => `newsletter: bad configuration: ${p}`).join("\n"));
  process.exit(2);
}
const insecureLinks = publicUrlProblem("NEWSLETTER", config.PUBLIC_URL, process.env.NODE_ENV, config.SMTP_URL);
if (insecureLinks) {
  console.error(`newsletter: bad configuration: ${insecureLinks}`);
  process.exit(2);
}
const webhookProblem = webhookConfigProblem(config);
if (webhookProblem) {
  console.error(`newsletter: bad configuration: ${webhookProblem}`);
  process.exit(2);
}
try {
  dkimFromConfig(config, root, "NEWSLETTER"); // a missing key file stops the start here, not after listening
} catch (e) {
  console.error(`newsletter: bad configuration: ${(e as Error).message}`);
  process.exit(2);
}
const logger = createLogger({ name: "newsletter", level: config.LOG_LEVEL });
const dataDir = resolvePath(root, config.DATA_DIR);
const url = config.DATABASE_URL ?? `file:${resolve(dataDir, "newsletter.db")}`;
const sqliteFile = url.startsWith("file:") && url !== "file::memory:" ? resolvePath(root, url.slice(5)) : null;
const store = openStoreOrExit("newsletter", () =>
  openDatabase<NewsletterDb>(sqliteFile ? `file:${sqliteFile}` : url, {
    poolSize: config.DATABASE_POOL_SIZE,
    busyTimeoutMs: config.BUSY_TIMEOUT,
  }),
);
const secrets = await prepareStore(store.db, config.ADMIN_TOKEN, config.WEBHOOK_TOKEN);
if (secrets.generatedAdminToken) {
  process.stdout.write(
    `\nNo ADMIN_TOKEN was set, so one was generated. It is shown this once; only its hash is kept:\n\n  ${secrets.generatedAdminToken}\n\n`,
  );
}
if (!config.POSTAL_ADDRESS) {
  logger.warn(
    { event: "config.no_postal_address" },
    "NEWSLETTER_POSTAL_ADDRESS is not set: issues cannot be sent until it is (CAN-SPAM asks for the sender's postal address in every issue)",
  );
}
let boundUrl = "";
const metrics = createMetrics("newsletter");
const deps = {
  config,
  db: store.db,
  logger,
  secrets,
  metrics,
  sqliteFile,
  pool: store.pool,
  mailDir: mailDirOf(dataDir),
  publicUrl: () => config.PUBLIC_URL ?? boundUrl,
};
const app = createApp(deps);
const background = createBackground(deps);
const server = await startServer(app, {
  host: config.HOST,
  port: config.PORT,
  logger,
  limits: config,
  onClose: async () => {
    await background.dispatcher.stop();
    await retention.stop();
    await background.feed?.stop();
    await webhooks?.stop();
    await mail.stop(); // finishes or releases what it holds before the database closes
    await store.db.destroy();
  },
});
boundUrl = server.url;
const mail = startMailWorker({
  config,
  db: store.db,
  engine: store.engine,
  logger,
  metrics,
  rootDir: root,
  onDead: background.onDead,
});
background.dispatcher.start(config.MAIL_POLL_INTERVAL);
const retention = startHashRetention(
  createHashRetention({
    db: store.db,
    clock: { now: () => new Date() },
    retentionMs: config.CLIENT_HASH_RETENTION,
    pool: store.pool,
  }),
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
background.feed?.start(config.FEED_POLL);
logger.info({ url: server.url, database: sqliteFile ? "sqlite" : "postgres" }, "newsletter started");
