import { join } from "node:path";
import type { Hono } from "hono";
import type { Kysely } from "kysely";
import { createLogger, type Logger } from "../core/logger.ts";
import { createMetrics, type Metrics } from "../core/metrics.ts";
import { startServer } from "../http/server.ts";
import { type Database, openDatabase, openStoreOrExit } from "../store/database.ts";
import type { ServiceRuntime } from "./runtime.ts";

/** The settings the start-up reads from any service's configuration. */
export interface RunConfig {
  HOST: string;
  PORT: number;
  LOG_LEVEL: string;
  PUBLIC_URL?: string;
  DATABASE_POOL_SIZE: number;
  BUSY_TIMEOUT: number;
  REQUEST_TIMEOUT: number;
  HEADERS_TIMEOUT: number;
  MAX_CONNECTIONS: number;
}

/** What a service's composition root is built from in its runner. */
export interface ServiceContext<C, DB, S> extends ServiceRuntime<C> {
  db: Kysely<DB>;
  engine: Database<DB>["engine"];
  pool: Database<DB>["pool"];
  logger: Logger;
  metrics: Metrics;
  secrets: S;
  mailDir: string;
  /** PUBLIC_URL, or http://HOST:PORT once the port is bound. */
  publicUrl: () => string;
}

/** Something running beside the HTTP server until shutdown: an outbox worker, a periodic job. */
export interface Stoppable {
  stop(): Promise<void>;
}

/**
 * A service's start-up, written once for both: the logger, the store (one clear line and exit when it cannot be
 * opened), `prepare` (migrations, keys; a generated admin token is printed once), the app and the server (the
 * contract's `listening on` line, graceful shutdown on SIGTERM/SIGINT), then the background jobs. On shutdown the
 * server drains, then each job stops in turn (outbox workers finish or release what they hold), then the store
 * closes.
 *
 *   await runService({ name: "comments", runtime: loadRuntime(), prepare: (db, c) => prepareStore(db, c.ADMIN_TOKEN),
 *     createServices, createApp, startJobs });
 */
export async function runService<C extends RunConfig, DB, S, Services>(options: {
  name: string;
  runtime: ServiceRuntime<C>;
  /** Migrates the store and reads the service's keys (a `generatedAdminToken` is printed once). */
  prepare: (db: Kysely<DB>, config: C) => Promise<S>;
  /** The composition root, then what serves it and what runs beside it. */
  createServices: (context: ServiceContext<C, DB, S>) => Services;
  // biome-ignore lint/suspicious/noExplicitAny: serves any service app, whatever its Env
  createApp: (services: Services) => Hono<any>;
  startJobs: (services: Services, context: ServiceContext<C, DB, S>) => (Stoppable | null)[];
}) {
  const { name, runtime } = options;
  const { config } = runtime;
  const logger = createLogger({ name, level: config.LOG_LEVEL });
  const store = openStoreOrExit(name, () =>
    openDatabase<DB>(runtime.databaseUrl, {
      poolSize: config.DATABASE_POOL_SIZE,
      busyTimeoutMs: config.BUSY_TIMEOUT,
      holder: name,
    }),
  );
  const secrets = await options.prepare(store.db, config);
  const generated = (secrets as { generatedAdminToken?: string | null }).generatedAdminToken;
  if (generated) {
    process.stdout.write(
      `\nNo ADMIN_TOKEN was set, so one was generated. It is shown this once; only its hash is kept:\n\n  ${generated}\n\n`,
    );
  }
  let boundUrl = "";
  const context: ServiceContext<C, DB, S> = {
    ...runtime,
    db: store.db,
    engine: store.engine,
    pool: store.pool,
    logger,
    metrics: createMetrics(name),
    secrets,
    // Where the mail package's file transport writes (its mailDirOf): erasure removes the files there.
    mailDir: join(runtime.dataDir, "mail"),
    publicUrl: () => config.PUBLIC_URL ?? boundUrl,
  };
  const services = options.createServices(context);
  const app = options.createApp(services);
  let running: (Stoppable | null)[] = [];
  const server = await startServer(app, {
    host: config.HOST,
    port: config.PORT,
    logger,
    limits: config,
    onClose: async () => {
      for (const job of running) await job?.stop();
      await store.db.destroy();
    },
  });
  boundUrl = server.url;
  // A refused restore names this process by its port too.
  store.hold?.describe({ port: Number(new URL(server.url).port) });
  running = options.startJobs(services, context);
  logger.info({ url: server.url, database: store.engine }, `${name} started`);
}
