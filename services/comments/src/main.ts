import { resolve } from "node:path";
import {
  ConfigError,
  createLogger,
  createMetrics,
  findRepoRoot,
  loadConfig,
  openDatabase,
  resolvePath,
  startServer,
} from "@parlor/kit";
import { mailDirOf } from "@parlor/mail";
import { createApp } from "./app.ts";
import { configShape, publicUrlProblem } from "./config.ts";
import type { CommentsDb } from "./db/schema.ts";
import { startMailWorker } from "./mail.ts";
import { prepareStore } from "./setup.ts";

// The runner: the only file that reads the environment, opens files and sockets, and handles signals.
const root = findRepoRoot();
let config: ReturnType<typeof loadConfig<typeof configShape>>;
try {
  config = loadConfig(configShape, { prefix: "COMMENTS", rootDir: root });
} catch (e) {
  if (!(e instanceof ConfigError)) throw e;
  console.error(e.problems.map((p) => `comments: bad configuration: ${p}`).join("\n"));
  process.exit(2);
}
const insecureLinks = publicUrlProblem(config.PUBLIC_URL, process.env.NODE_ENV, config.SMTP_URL);
if (insecureLinks) {
  console.error(`comments: bad configuration: ${insecureLinks}`);
  process.exit(2);
}
const logger = createLogger({ name: "comments", level: config.LOG_LEVEL });
const dataDir = resolvePath(root, config.DATA_DIR);
const url = config.DATABASE_URL ?? `file:${resolve(dataDir, "comments.db")}`;
const store = openDatabase<CommentsDb>(
  url.startsWith("file:") && url !== "file::memory:" ? `file:${resolvePath(root, url.slice(5))}` : url,
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
  onClose: async () => {
    await mail.stop(); // finishes or releases what it holds before the database closes
    await store.db.destroy();
  },
});
boundUrl = server.url;
const mail = startMailWorker({ config, db: store.db, engine: store.engine, logger, metrics, rootDir: root });
logger.info({ url: server.url, database: url.startsWith("file:") ? "sqlite" : "postgres" }, "comments started");
