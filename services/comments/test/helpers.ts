import { join } from "node:path";
import { createLogger } from "@parlor/kit";
import { afterThisTest, fixedClock, openTestStore, TEST_ENGINE, tempDir } from "@parlor/kit/testing";
import { createMailWorker, createSmtpTransport, type DkimOptions } from "@parlor/mail";
import type { KyselyPlugin } from "kysely";
import { createApp } from "../src/app.ts";
import { type CommentsConfig, defaultConfig } from "../src/config.ts";
import { type CommentRow, type CommentsDb, OUTBOX_TABLE } from "../src/db/schema.ts";
import { prepareStore } from "../src/setup.ts";

export const ADMIN_TOKEN = "test-admin-token-0123456789abcdef";
export const PUBLIC_URL = "https://blog.example";

export const ENGINE = TEST_ENGINE;

/** The whole comments app on a real, migrated database (a SQLite file in a temp folder, or a PostgreSQL schema), with a hand-moved clock. */
export async function createTestApp(
  overrides: Partial<CommentsConfig> = {},
  options: {
    busyTimeoutMs?: number;
    smtpUrl?: string;
    shareStoreWith?: { dir: string; schema: string | null };
    /** DKIM-sign what the test worker sends (with a key from @parlor/mail/testing/dkim). */
    dkim?: DkimOptions;
    /** A plugin on the services' store (e.g. statementSpy's), not on the test's own queries. */
    plugin?: KyselyPlugin;
    /** Collects the service's log lines (info and above) here; without it the logger is silent. */
    logLines?: string[];
  } = {},
) {
  const tmp = tempDir("parlor-comments-");
  const shared = options.shareStoreWith;
  const store = await openTestStore<CommentsDb>({
    packageName: "comments",
    sqliteFile: join(shared?.dir ?? tmp.dir, "comments.db"),
    schemaPrefix: "t",
    busyTimeoutMs: options.busyTimeoutMs,
    sharedSchema: shared?.schema,
  });
  const config = defaultConfig({ ADMIN_TOKEN, TRUST_PROXY: true, LOG_LEVEL: "silent", ...overrides });
  const secrets = await prepareStore(store.db, config.ADMIN_TOKEN);
  const clock = fixedClock();
  const lines = options.logLines;
  const logger = lines
    ? createLogger({ name: "comments", level: "info", destination: { write: (line: string) => lines.push(line) } })
    : createLogger({ name: "comments", level: "silent" });
  const app = createApp({
    config,
    db: options.plugin ? store.db.withPlugin(options.plugin) : store.db,
    logger,
    clock,
    secrets,
    pool: store.pool,
    mailDir: join(tmp.dir, "mail"),
    publicUrl: () => PUBLIC_URL,
  });
  // With smtpUrl, a real outbox worker sends through real SMTP; tests drive it with deliver().
  const transport = options.smtpUrl
    ? createSmtpTransport(options.smtpUrl, { from: config.MAIL_FROM, dkim: options.dkim })
    : null;
  const worker = transport
    ? createMailWorker({
        db: store.db,
        table: OUTBOX_TABLE,
        transport,
        logger,
        clock,
        settings: { ratePerSecond: 0, backoffBaseMs: 1, backoffMaxMs: 1, pollIntervalMs: 20 },
      })
    : null;
  afterThisTest(async () => {
    await transport?.close();
    await store.db.destroy();
    tmp.cleanup();
  });
  /** Sends everything due in the outbox (as the worker in main.ts would, without waiting for its poll). */
  const deliver = async () => {
    if (!worker) throw new Error("createTestApp was not given an smtpUrl");
    for (let i = 0; i < 20; i++) if ((await worker.runOnce()).claimed === 0) return;
  };
  let ip = 0;
  /** A JSON request from a distinct client address (so rate limits do not interfere unless a test wants them). */
  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    app.request(path, {
      method,
      headers: {
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        "X-Forwarded-For": `10.0.${Math.floor(++ip / 250)}.${ip % 250}`,
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
  const admin = (method: string, path: string, body?: unknown) =>
    call(method, path, body, { Authorization: `Bearer ${ADMIN_TOKEN}` });
  return {
    app,
    db: store.db,
    sqlite: store.sqlite,
    engine: store.engine,
    /** PostgreSQL: the pool the rate limiters count in (null on SQLite). */
    pool: store.pool,
    schema: store.schema,
    clock,
    config,
    call,
    admin,
    deliver,
    dir: tmp.dir,
    /** Where the file transport writes .eml files for this app (erasure removes them). */
    mailDir: join(tmp.dir, "mail"),
  };
}
export type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/** Posts a comment and (unless `approve: false`) approves it; returns the 201 body. */
export async function postComment(
  t: TestApp,
  fields: { uri?: string; body?: string; name?: string; parentId?: string; email?: string; approve?: boolean } = {},
) {
  const res = await t.call("POST", "/v1/comments", {
    uri: fields.uri ?? "/blog/post",
    parentId: fields.parentId,
    author: { name: fields.name ?? "Ann", email: fields.email },
    body: fields.body ?? "A thoughtful comment.",
  });
  if (res.status !== 201) throw new Error(`post failed: ${res.status} ${await res.text()}`);
  const created = (await res.json()) as {
    comment: { id: string; status: string };
    editToken: string;
    editableUntil: string;
  };
  if (fields.approve !== false && created.comment.status !== "approved") {
    const r = await t.admin("POST", `/v1/admin/comments/${created.comment.id}/approve`);
    if (r.status !== 200) throw new Error(`approve failed: ${r.status}`);
  }
  return created;
}

export async function storedRow(t: TestApp, id: string): Promise<CommentRow | undefined> {
  return t.db.selectFrom("comment").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function rowCount(t: TestApp): Promise<number> {
  const r = await t.db
    .selectFrom("comment")
    .select((eb) => eb.fn.countAll().as("n"))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
