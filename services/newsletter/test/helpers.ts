import { join } from "node:path";
import { createLogger } from "@parlor/kit";
import { afterThisTest, fixedClock, openTestStore, TEST_ENGINE, tempDir } from "@parlor/kit/testing";
import { createMailWorker, createSmtpTransport, type DkimOptions } from "@parlor/mail";
import type { SmtpSink } from "@parlor/mail/testing";
import type { KyselyPlugin } from "kysely";
import { createApp } from "../src/app.ts";
import { defaultConfig, type NewsletterConfig } from "../src/config.ts";
import { type NewsletterDb, OUTBOX_TABLE, type SubscriberRow } from "../src/db/schema.ts";
import { createBackground, createServices } from "../src/services.ts";
import { prepareStore } from "../src/setup.ts";

export const ADMIN_TOKEN = "test-admin-token-0123456789abcdef";
export const WEBHOOK_TOKEN = "test-webhook-token-0123456789abcdef";
export const PUBLIC_URL = "https://blog.example";

export const ENGINE = TEST_ENGINE;

/**
 * The whole newsletter app on a real, migrated database (a SQLite file in a temp folder, or a PostgreSQL schema) in a temp folder, with a hand-moved clock. With `smtp`,
 * a real outbox worker sends through that sink; tests drive it with deliver(), and the issue dispatcher with
 * dispatch().
 */
export async function createTestApp(
  overrides: Partial<NewsletterConfig> = {},
  options: {
    smtp?: SmtpSink;
    busyTimeoutMs?: number;
    batchSize?: number;
    logs?: string[];
    /** The level of what `logs` keeps (default warn). */
    logLevel?: string;
    /** DKIM-sign what the test worker sends (with a key from @parlor/mail/testing/dkim). */
    dkim?: DkimOptions;
    /** A plugin on the services' store (e.g. statementSpy's), not on the test's own queries. */
    plugin?: KyselyPlugin;
    /** Opens the store of another test app (a restart, or a second instance, on the same data). */
    shareStoreWith?: { dir: string; schema: string | null };
  } = {},
) {
  const tmp = tempDir("parlor-newsletter-");
  const shared = options.shareStoreWith;
  const file = join(shared?.dir ?? tmp.dir, "newsletter.db");
  const store = await openTestStore<NewsletterDb>({
    packageName: "newsletter",
    sqliteFile: file,
    schemaPrefix: "n",
    busyTimeoutMs: options.busyTimeoutMs,
    sharedSchema: shared?.schema,
  });
  const config = defaultConfig({
    ADMIN_TOKEN,
    WEBHOOK_TOKEN,
    TRUST_PROXY: true,
    LOG_LEVEL: "silent",
    POSTAL_ADDRESS: "Dr. Kim's Clinic, 100 Main Street, Springfield, IL 62701, USA",
    ...overrides,
  });
  const secrets = await prepareStore(store.db, config.ADMIN_TOKEN, config.WEBHOOK_TOKEN);
  const clock = fixedClock();
  // With `logs`, the service's warnings and errors are kept there, one JSON line each.
  const logs = options.logs;
  const logger = logs
    ? createLogger({
        name: "newsletter",
        level: options.logLevel ?? "warn",
        destination: { write: (line: string) => logs.push(line) },
      })
    : createLogger({ name: "newsletter", level: "silent" });
  const mailDir = join(tmp.dir, "mail");
  const deps = {
    config,
    db: options.plugin ? store.db.withPlugin(options.plugin) : store.db,
    logger,
    clock,
    secrets,
    mailDir,
    sqliteFile: store.sqlite ? file : null,
    pool: store.pool,
    publicUrl: () => PUBLIC_URL,
  };
  const services = createServices(deps);
  const app = createApp(services);
  const background = createBackground(services);
  const transport = options.smtp
    ? createSmtpTransport(options.smtp.url, { from: config.MAIL_FROM, maxConnections: 5, dkim: options.dkim })
    : null;
  const worker = transport
    ? createMailWorker({
        db: store.db,
        table: OUTBOX_TABLE,
        transport,
        logger,
        clock,
        onDead: background.onDead,
        bodies: background.bodies,
        settings: {
          ratePerSecond: 0,
          backoffBaseMs: 1,
          backoffMaxMs: 1,
          maxConnections: 5,
          batchSize: options.batchSize ?? 50,
        },
      })
    : null;
  afterThisTest(async () => {
    await background.dispatcher.stop();
    await transport?.close();
    await store.db.destroy();
    tmp.cleanup();
  });
  /** Sends everything due in the outbox (as the worker in main.ts would, without waiting for its poll). */
  const deliver = async () => {
    if (!worker) throw new Error("createTestApp was not given an smtp sink");
    for (let i = 0; i < 10_000; i++) if ((await worker.runOnce()).claimed === 0) return;
  };
  let ip = 0;
  /** A request from a distinct client address and network (so limits do not interfere unless a test wants them). */
  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    ip++;
    return app.request(path, {
      method,
      headers: {
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        "X-Forwarded-For": `10.${Math.floor(ip / 250) % 250}.${ip % 250}.7`,
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
  };
  const admin = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    call(method, path, body, { Authorization: `Bearer ${ADMIN_TOKEN}`, ...headers });
  const form = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
    call("POST", path, new URLSearchParams(fields).toString(), {
      "Content-Type": "application/x-www-form-urlencoded",
      ...headers,
    });
  return {
    app,
    db: store.db,
    sqlite: store.sqlite,
    schema: store.schema,
    clock,
    config,
    secrets,
    dispatcher: background.dispatcher,
    feed: background.feed,
    bodies: background.bodies,
    call,
    admin,
    form,
    deliver,
    dir: tmp.dir,
    mailDir,
  };
}
export type TestApp = Awaited<ReturnType<typeof createTestApp>>;

export function subscriberByEmail(t: TestApp, email: string): Promise<SubscriberRow | undefined> {
  return t.db
    .selectFrom("subscriber")
    .selectAll()
    .where("email_key", "=", email.trim().toLowerCase())
    .executeTakeFirst();
}

export async function count(t: TestApp, table: keyof NewsletterDb): Promise<number> {
  const r = await t.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as("n"))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Mails the sink got for one address. */
export function mailsTo(smtp: SmtpSink, address: string) {
  const want = address.toLowerCase();
  return smtp.deliveries.filter((d) => d.rcptTo.some((a) => a.toLowerCase() === want)).map((d) => d.mail);
}

/** The path+query of the first `PUBLIC_URL<path>?token=…` link in a text. */
export function linkIn(text: string | undefined, path: string): string {
  const m = new RegExp(`${PUBLIC_URL}${path}\\?token=[\\w.-]+`).exec(text ?? "");
  if (!m) throw new Error(`no ${path} link in:\n${text}`);
  return m[0].slice(PUBLIC_URL.length);
}

export function tokenOf(pathAndQuery: string): string {
  return new URL(pathAndQuery, PUBLIC_URL).searchParams.get("token") as string;
}

/** A raw header line as it arrived (mailparser folds List-* headers into structured values). */
export function rawHeader(mail: { headerLines: readonly { key: string; line: string }[] }, key: string) {
  return mail.headerLines
    .find((h) => h.key === key)
    ?.line.replace(/^[^:]+:\s*/, "")
    .replace(/\r?\n\s+/g, " ");
}

/** Signs up, delivers, and confirms through the link; returns the subscriber row. */
export async function subscribe(t: TestApp, smtp: SmtpSink, email: string, extra: Record<string, unknown> = {}) {
  const res = await t.call("POST", "/v1/subscriptions", { email, consent: true, ...extra });
  if (res.status !== 202) throw new Error(`signup failed: ${res.status} ${await res.text()}`);
  await t.deliver();
  const mail = mailsTo(smtp, email.trim().toLowerCase()).at(-1);
  const token = tokenOf(linkIn(mail?.text, "/v1/subscriptions/confirm"));
  const done = await t.form("/v1/subscriptions/confirm", { token });
  if (done.status !== 200) throw new Error(`confirm failed: ${done.status} ${await done.text()}`);
  await t.deliver();
  return (await subscriberByEmail(t, email)) as SubscriberRow;
}

/** Inserts `n` active subscribers straight into the store (fast, for fan-out tests). */
export async function seedActive(t: TestApp, n: number, domain = "example.org") {
  const at = t.clock.now().toISOString();
  const rows = Array.from({ length: n }, (_, i) => {
    const id = `01SEED${String(i).padStart(10, "0")}`;
    const email = `reader${i}@${domain}`;
    return {
      id,
      email,
      email_key: email,
      name: null,
      status: "active" as const,
      source: "/seed",
      flags: "",
      reason: null,
      client_hash: null,
      confirm_token_hash: null,
      confirm_expires_at: null,
      created_at: at,
      updated_at: at,
      confirmed_at: at,
      unsubscribed_at: null,
    };
  });
  for (let i = 0; i < rows.length; i += 500)
    await t.db
      .insertInto("subscriber")
      .values(rows.slice(i, i + 500))
      .execute();
  return rows;
}

/** A sent issue, as the dispatcher leaves it (a builder: the archive only reads sent rows). */
export async function sentIssue(t: TestApp, n: number, subject = `Issue ${n}`) {
  const at = new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString();
  const slug = `issue-${n}`;
  await t.db
    .insertInto("newsletter_issue")
    .values({
      id: `01ISSUE${String(n).padStart(4, "0")}`,
      slug,
      subject,
      markdown: "",
      html: `<h2>Part ${n}</h2><p>Sleep &amp; supplements.</p>`,
      text: "",
      status: "sent",
      scheduled_at: null,
      started_at: at,
      fanout_after: null,
      fanout_done: 1,
      sent_at: at,
      created_at: at,
      updated_at: at,
    })
    .execute();
  return slug;
}
