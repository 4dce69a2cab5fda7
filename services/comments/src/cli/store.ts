import { createLogger } from "@parlor/kit";
import { openDatabase } from "@parlor/kit/store";
import type { Kysely } from "kysely";
import type { CommentDeps } from "../comments/comment.service.ts";
import type { Runtime } from "../config.ts";
import type { CommentsDb } from "../db/schema.ts";
import { createServices, type Services } from "../services.ts";
import { prepareStore } from "../setup.ts";

/**
 * Opens the service's database for one CLI command (migrating it first, as the service does) and builds the
 * composition root the HTTP app uses, so an approval from the terminal queues the same emails and webhooks.
 */
export async function withStore<T>(
  rt: Runtime,
  fn: (s: {
    db: Kysely<CommentsDb>;
    deps: CommentDeps;
    render: (md: string) => string;
    services: Services;
  }) => Promise<T>,
): Promise<T> {
  const { config } = rt;
  const store = openDatabase<CommentsDb>(rt.databaseUrl, { busyTimeoutMs: config.BUSY_TIMEOUT, poolSize: 2 });
  try {
    const secrets = await prepareStore(store.db, config.ADMIN_TOKEN);
    const services = createServices({
      config,
      db: store.db,
      logger: createLogger({ name: "comments-cli", level: "warn" }),
      secrets,
      pool: store.pool,
      publicUrl: () => config.PUBLIC_URL ?? `http://${config.HOST}:${config.PORT}`,
    });
    return await fn({ db: store.db, deps: services.domain, render: services.render, services });
  } finally {
    await store.db.destroy();
  }
}
