import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { createLogger } from "@parlor/kit";
import { migrateToLatest } from "@parlor/kit/store";
import { fixedClock, openTestStore, rowsMentioning, tempDir } from "@parlor/kit/testing";
import { createMailWorker, createSmtpTransport } from "@parlor/mail";
import { type SmtpSink, startSmtpSink } from "@parlor/mail/testing";
import { requeueDead } from "@parlor/outbox";
import { createWebhookWorker, verifySignature } from "@parlor/webhooks";
import type { Kysely } from "kysely";
import { afterEach, expect, it } from "vitest";
import { defaultConfig } from "../src/config.ts";
import { migrations } from "../src/db/migrations/index.ts";
import { type CommentsDb, OUTBOX_TABLE, WEBHOOK_OUTBOX_TABLE } from "../src/db/schema.ts";
import { createModerationService } from "../src/moderation/moderation.service.ts";
import { prepareStore } from "../src/setup.ts";

// The outbox rows as the code of 079cc35 (before @parlor/outbox) wrote them, taken from a store that code filled:
// four held comments, each with a moderator notice (mail) and comment.created + comment.held (webhooks); in each
// table the first row dead, the second sent, the third claimed by a worker that died (its lease ran out at
// 12:00:05), the rest queued.
const FIXTURE = JSON.parse(readFileSync(new URL("./fixtures/outbox-as-of-079cc35.json", import.meta.url), "utf8"));
const SECRET = "whsec-test-0123456789abcdef";
const logger = createLogger({ name: "comments", level: "silent" });

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function startReceiver() {
  const received: { id: string; body: string; signature: string }[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      received.push({
        id: String(req.headers["parlor-delivery"]),
        body,
        signature: String(req.headers["parlor-signature"]),
      });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received };
}

it("rows queued, claimed or dead-lettered before the outbox package are delivered once after it, and stay erasable", async () => {
  const tmp = tempDir("parlor-upgrade-");
  const store = await openTestStore<CommentsDb>({
    packageName: "comments",
    sqliteFile: join(tmp.dir, "comments.db"),
    schemaPrefix: "up",
  });
  closers.push(async () => {
    await store.db.destroy();
    tmp.cleanup();
  });
  const receiver = await startReceiver();
  const smtp: SmtpSink = await startSmtpSink();
  closers.push(() => smtp.close());

  // The store as 079cc35 left it: its migrations, and its rows (the fixture's receiver is this test's).
  const before = Object.fromEntries(Object.entries(migrations).filter(([name]) => name <= "0005-imports-webhooks"));
  expect(Object.keys(before)).toHaveLength(5);
  await migrateToLatest(store.db as Kysely<unknown>, "comments", before);
  const db = store.db as Kysely<Record<string, Record<string, unknown>>>;
  await db.insertInto(OUTBOX_TABLE).values(FIXTURE.comment_outbox).execute();
  await db
    .insertInto(WEBHOOK_OUTBOX_TABLE)
    .values(
      FIXTURE.comment_webhook_outbox.map((r: Record<string, string>) => ({
        ...r,
        recipient: receiver.url,
        message: r.message.replaceAll("http://127.0.0.1:9/hook", receiver.url),
      })),
    )
    .execute();

  // The upgrade: the service's start migrates to the latest, then today's workers run.
  await prepareStore(store.db, "test-admin-token-0123456789abcdef");
  const clock = fixedClock(new Date("2026-05-01T12:01:00.000Z"));
  const transport = createSmtpTransport(smtp.url, { from: "Parlor <no-reply@blog.example>" });
  closers.push(() => transport.close());
  const mail = createMailWorker({ db: store.db, table: OUTBOX_TABLE, transport, logger, clock });
  const hooks = createWebhookWorker({ db: store.db, table: WEBHOOK_OUTBOX_TABLE, secret: SECRET, logger, clock });
  const drain = async () => {
    for (let i = 0; i < 5; i++) {
      const [m, w] = await Promise.all([mail.runOnce(), hooks.runOnce()]);
      if (m.claimed + w.claimed === 0) return;
    }
  };
  await drain();
  await drain(); // a second pass finds nothing: none is delivered twice

  const subjects = () => smtp.deliveries.map((d) => d.mail.subject).sort();
  expect(subjects()).toEqual(["Comment held on /blog/c", "Comment held on /blog/d"]);
  const events = receiver.received.map((r) => JSON.parse(r.body) as { id: string; type: string });
  expect(events).toHaveLength(6); // the claimed one and the five queued
  expect(new Set(receiver.received.map((r) => r.id)).size).toBe(6);
  for (const r of receiver.received)
    expect(verifySignature(SECRET, r.signature, r.body, { now: clock.now() })).toBe(true);
  const status = async (table: string) =>
    (await db.selectFrom(table).select("status").orderBy("id").execute()).map((r) => r.status);
  expect(await status(OUTBOX_TABLE)).toEqual(["dead", "sent", "sent", "sent"]);
  expect(await status(WEBHOOK_OUTBOX_TABLE)).toEqual(["dead", ...Array(7).fill("sent")]);

  // Dead-lettered rows stay dead until the operator requeues them; then each goes out once.
  expect(await requeueDead(store.db, OUTBOX_TABLE, clock.now())).toBe(1);
  expect(await requeueDead(store.db, WEBHOOK_OUTBOX_TABLE, clock.now())).toBe(1);
  await drain();
  await drain();
  expect(subjects()).toEqual(["Comment held on /blog/a", "Comment held on /blog/c", "Comment held on /blog/d"]);
  expect(receiver.received).toHaveLength(7);
  expect(new Set(receiver.received.map((r) => r.id)).size).toBe(7);

  // Erasable: the service's erasure of an author finds the old rows that name the address, delivered or not.
  expect(Object.keys(await rowsMentioning(store.db, store.schema, "ann@example.com"))).toEqual(
    expect.arrayContaining([OUTBOX_TABLE]),
  );
  const moderation = createModerationService({
    db: store.db,
    config: defaultConfig(),
    clock,
    events: { emit: () => {} },
    notifier: {} as never,
    webhooks: { commentCreated: async () => {}, emit: async () => {} },
  });
  for (const who of ["ann@example.com", "di@example.com"]) await moderation.eraseAuthor(who, undefined, "owner");
  expect(await rowsMentioning(store.db, store.schema, "ann@example.com")).toEqual({});
  expect(await rowsMentioning(store.db, store.schema, "di@example.com")).toEqual({});
});
