// What the newsletter can take on this machine: (1) signups per second over real HTTP (rate limits off), and
// (2) the time to queue and send one issue to 10,000 subscribers through a local SMTP server, with no send-rate
// limit (MAIL_RATE=0). SQLite file with the service's pragmas (WAL, synchronous=FULL). The SMTP server runs in
// this process and shares its event loop, so the send figure is a floor for a relay on another machine.
//
//   npx tsx bench/throughput.ts [signups=2000] [concurrency=16] [subscribers=10000] [connections=5]
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import { createLogger } from "@parlor/kit";
import { openDatabase } from "@parlor/kit/store";
import { createMailWorker, createSmtpTransport } from "@parlor/mail";
import { SMTPServer } from "smtp-server";
import { createApp } from "../src/app.ts";
import { defaultConfig } from "../src/config.ts";
import { type NewsletterDb, OUTBOX_TABLE } from "../src/db/schema.ts";
import { createBackground, createServices } from "../src/services.ts";
import { prepareStore } from "../src/setup.ts";

const signups = Number(process.argv[2] ?? 2000);
const concurrency = Number(process.argv[3] ?? 16);
const subscribers = Number(process.argv[4] ?? 10_000);
const connections = Number(process.argv[5] ?? 5);
const TOKEN = "bench-admin-token-7Qx2Rk9Lp4Vw8Zt3";

async function setup() {
  const dir = mkdtempSync(join(tmpdir(), "parlor-newsletter-bench-"));
  const file = join(dir, "newsletter.db");
  const store = openDatabase<NewsletterDb>(`file:${file}`);
  const config = defaultConfig({
    ADMIN_TOKEN: TOKEN,
    LOG_LEVEL: "silent",
    POSTAL_ADDRESS: "Dr. Kim's Clinic, 100 Main Street, Springfield, IL 62701, USA",
    RATE_LIMIT: "off",
    ADDRESS_RATE_LIMIT: "off",
    SOFT_RATE_LIMIT: "off",
    NETWORK_RATE_LIMIT: "off",
    ADDRESS_SOFT_LIMIT: "off",
  });
  const secrets = await prepareStore(store.db, TOKEN);
  const logger = createLogger({ name: "bench", level: "silent" });
  const deps = { config, db: store.db, logger, secrets, sqliteFile: file, publicUrl: () => "https://blog.example" };
  const services = createServices(deps);
  return { dir, store, config, deps, app: createApp(services), background: createBackground(services) };
}

const count = async (db: ReturnType<typeof openDatabase<NewsletterDb>>["db"], status: "sent" | "dead") =>
  Number(
    (
      await db
        .selectFrom(OUTBOX_TABLE)
        .select((eb) => eb.fn.countAll().as("n"))
        .where("status", "=", status)
        .executeTakeFirstOrThrow()
    ).n,
  );

// 1. Signups over HTTP.
{
  const s = await setup();
  const server = serve({ fetch: s.app.fetch, hostname: "127.0.0.1", port: 0 });
  await new Promise((r) => server.once("listening", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/subscriptions`;
  let next = 0;
  let failed = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < signups) {
        const i = next++;
        const res = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            email: `reader${i}@example.org`,
            name: `Reader ${i}`,
            source: "/bench",
            consent: true,
          }),
        });
        await res.arrayBuffer();
        if (res.status !== 202) failed++;
      }
    }),
  );
  const ms = performance.now() - start;
  console.log(
    `signups over HTTP: ${signups} in ${(ms / 1000).toFixed(2)} s = ${Math.round((signups / ms) * 1000)} signups/s ` +
      `(concurrency ${concurrency}; each one a subscriber row, a consent record and a queued confirmation; ${failed} failed)`,
  );
  server.close();
  await s.store.db.destroy();
  rmSync(s.dir, { recursive: true, force: true });
}

// 2. One issue to N subscribers through a local SMTP server.
{
  let received = 0;
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, done) {
      stream.on("data", () => {});
      stream.on("end", () => {
        received++;
        done();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", () => resolve()));
  const s = await setup();
  const at = new Date().toISOString();
  for (let i = 0; i < subscribers; i += 500) {
    const rows = [];
    for (let j = i; j < Math.min(subscribers, i + 500); j++) {
      const email = `subscriber${j}@example.org`;
      rows.push({
        id: `01BENCH${String(j).padStart(10, "0")}`,
        email,
        email_key: email,
        name: null,
        status: "active" as const,
        source: "/bench",
        flags: "",
        reason: null,
        client_hash: null,
        confirm_token_hash: null,
        confirm_expires_at: null,
        created_at: at,
        updated_at: at,
        confirmed_at: at,
        unsubscribed_at: null,
      });
    }
    await s.store.db.insertInto("subscriber").values(rows).execute();
  }
  const admin = (method: string, path: string, body?: unknown) =>
    s.app.request(path, {
      method,
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const markdown = `## Sleep before supplements\n\n${"Most of my patients ask about **magnesium**. Start with [sleep hygiene](https://pubmed.ncbi.nlm.nih.gov/29898390/): a dark room, the same wake time, no screens in bed.\n\n".repeat(6)}- walk daily\n- eat greens\n`;
  const issue = (await (
    await admin("POST", "/v1/admin/newsletter/issues", { subject: "Sleep first", markdown })
  ).json()) as {
    id: string;
  };
  const port = (smtp.server.address() as AddressInfo).port;
  const transport = createSmtpTransport(`smtp://127.0.0.1:${port}`, {
    from: "Dr. Kim <news@blog.example>",
    maxConnections: connections,
  });
  const worker = createMailWorker({
    db: s.store.db,
    table: OUTBOX_TABLE,
    transport,
    logger: { info() {}, warn() {}, error() {} },
    bodies: s.background.bodies,
    settings: { ratePerSecond: 0, maxConnections: connections, batchSize: 100, pollIntervalMs: 10 },
  });
  const start = performance.now();
  await admin("POST", `/v1/admin/newsletter/issues/${issue.id}/send`);
  const fanout = await s.background.dispatcher.runOnce();
  const queuedMs = performance.now() - start;
  worker.start();
  while ((await count(s.store.db, "sent")) + (await count(s.store.db, "dead")) < subscribers) {
    await new Promise((r) => setTimeout(r, 50));
  }
  const totalMs = performance.now() - start;
  await s.background.dispatcher.runOnce();
  const view = (await (await admin("GET", `/v1/admin/newsletter/issues/${issue.id}`)).json()) as Record<
    string,
    unknown
  >;
  console.log(
    `issue to ${subscribers} subscribers: queued (${fanout.queued} outbox rows) in ${(queuedMs / 1000).toFixed(2)} s; ` +
      `queued and sent in ${(totalMs / 1000).toFixed(2)} s = ${Math.round((subscribers / (totalMs - queuedMs)) * 1000)} emails/s sending ` +
      `(${connections} SMTP connections, MAIL_RATE=0); status ${view.status}, sent ${view.sent}, failed ${view.failed}; ` +
      `the server received ${received}`,
  );
  await worker.stop();
  await transport.close();
  await s.store.db.destroy();
  rmSync(s.dir, { recursive: true, force: true });
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
}
