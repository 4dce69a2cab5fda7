import { createLogger, openDatabase } from "@parlor/kit";
import type { Kysely } from "kysely";
import { renderMarkdown } from "../comments/comment.render.ts";
import type { CommentDeps } from "../comments/comment.service.ts";
import type { CommentsDb } from "../db/schema.ts";
import { createNotifier } from "../notifications/notification.service.ts";
import type { Runtime } from "../runtime.ts";
import { prepareStore } from "../setup.ts";
import { createWebhooks } from "../webhooks.ts";

/**
 * Opens the service's database for one CLI command (migrating it first, as the service does) and builds the same
 * domain services the HTTP app uses, so an approval from the terminal queues the same emails and webhooks.
 */
export async function withStore<T>(
  rt: Runtime,
  fn: (s: { db: Kysely<CommentsDb>; deps: CommentDeps; render: (md: string) => string }) => Promise<T>,
): Promise<T> {
  const { config } = rt;
  const store = openDatabase<CommentsDb>(rt.databaseUrl, { busyTimeoutMs: config.BUSY_TIMEOUT, poolSize: 2 });
  try {
    const secrets = await prepareStore(store.db, config.ADMIN_TOKEN);
    const clock = { now: () => new Date() };
    const logger = createLogger({ name: "comments-cli", level: "warn" });
    const events = {
      emit: (event: string, fields: Record<string, unknown>) => logger.info({ event, ...fields }, event),
    };
    const publicUrl = () => config.PUBLIC_URL ?? `http://${config.HOST}:${config.PORT}`;
    const notifier = createNotifier({ config, clock, events, linkKey: secrets.linkKey, publicUrl });
    const webhooks = createWebhooks(config, clock);
    const deps: CommentDeps = { db: store.db, config, clock, events, notifier, webhooks };
    const render = (md: string) => renderMarkdown(md, { allowedImageOrigins: config.IMAGE_ORIGINS });
    return await fn({ db: store.db, deps, render });
  } finally {
    await store.db.destroy();
  }
}
