import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { createLogger } from "@parlor/kit";
import { createWebhookWorker, verifySignature, webhookConfigShape } from "@parlor/webhooks";
import { afterEach, expect, it } from "vitest";
import { WEBHOOK_OUTBOX_TABLE } from "../src/db/schema.ts";
import { createTestApp, postComment } from "./helpers.ts";

const SECRET = "whsec-test-0123456789abcdef";
const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

/** A real HTTP receiver on a free port: answers 500 to the first `failFirst` requests, 204 after. */
async function startReceiver(failFirst = 0) {
  const received: { path: string; headers: IncomingHttpHeaders; body: string; answered: number }[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      const answered = received.length < failFirst ? 500 : 204;
      received.push({ path: req.url ?? "", headers: req.headers, body, answered });
      res.writeHead(answered).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(() => server.close());
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

it("comment webhooks are signed as docs/webhooks.md says, retried after a 500, and carry no private fields", async () => {
  const receiver = await startReceiver(1);
  const routes = webhookConfigShape.WEBHOOK_URLS.parse(`comment.created=${receiver.url}/created,*=${receiver.url}/all`);
  const t = await createTestApp({ WEBHOOK_URLS: routes, WEBHOOK_SECRET: SECRET });
  const worker = createWebhookWorker({
    db: t.db,
    table: WEBHOOK_OUTBOX_TABLE,
    secret: SECRET,
    logger: createLogger({ name: "webhooks", level: "silent" }),
    clock: t.clock,
    settings: { backoffBaseMs: 1000, backoffMaxMs: 1000 },
  });
  const deliverAll = async () => {
    for (let i = 0; i < 10; i++) {
      const round = await worker.runOnce();
      if (round.claimed === 0) return;
      t.clock.advance(2000); // past the retry's backoff
    }
  };

  const created = await postComment(t, { uri: "/blog/flu", name: "Ann", email: "ann@example.com", approve: false });
  // A honeypot hit (spam) is announced nowhere.
  await t.call("POST", "/v1/comments", { uri: "/blog/flu", author: { name: "Bot" }, body: "x", homepage: "y" });
  await deliverAll();
  expect((await t.admin("POST", `/v1/admin/comments/${created.comment.id}/approve`)).status).toBe(200);
  await t.admin("POST", `/v1/admin/comments/${created.comment.id}/approve`); // idempotent: no second event
  await deliverAll();

  const ok = receiver.received.filter((r) => r.answered === 204);
  expect(ok.map((r) => `${r.path} ${JSON.parse(r.body).type}`).sort()).toEqual([
    "/all comment.approved",
    "/all comment.created",
    "/all comment.held",
    "/created comment.created",
  ]);
  // The first attempt got a 500 and the same event came again.
  expect(receiver.received[0].answered).toBe(500);
  const [firstTry] = receiver.received;
  expect(ok.filter((r) => r.body === firstTry.body && r.path === firstTry.path)).toHaveLength(1);

  for (const r of receiver.received) {
    expect(r.headers["content-type"]).toBe("application/json");
    const header = r.headers["parlor-signature"] as string;
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    // The recipe: HMAC-SHA256 over "<t>.<raw body>" with the secret, compared in constant time.
    expect(verifySignature(SECRET, header, r.body, { now: t.clock.now() })).toBe(true);
    expect(verifySignature(SECRET, header, r.body.replace("Ann", "Eve"), { now: t.clock.now() })).toBe(false);
    expect(verifySignature("another-secret-0123456789", header, r.body, { now: t.clock.now() })).toBe(false);
  }
  const event = JSON.parse(ok.find((r) => r.path === "/created")?.body ?? "{}");
  expect(Object.keys(event).sort()).toEqual(["createdAt", "data", "id", "type"]);
  expect(event.data).toMatchObject({ id: created.comment.id, uri: "/blog/flu", status: "pending" });
  expect(event.data.author).toEqual({ name: "Ann", email: "ann@example.com", website: null, isModerator: false });
  // Delivered payloads are not kept in the store.
  const stored = await t.db.selectFrom(WEBHOOK_OUTBOX_TABLE).select(["status", "message"]).execute();
  expect(stored.map((r) => r.status)).toEqual(["sent", "sent", "sent", "sent"]);
  expect(stored.map((r) => r.message).join()).not.toContain("ann@example.com");
  const all = receiver.received.map((r) => r.body).join("\n");
  expect(all).not.toMatch(/client_?hash|edit_?token|notify/i);
  expect(all).not.toContain(created.editToken);
});

it("a receiver that keeps refusing with a 4xx gets the delivery given up, not retried forever", async () => {
  const server = createServer((_req, res) => res.writeHead(410).end());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(() => server.close());
  const gone = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  const t = await createTestApp({
    WEBHOOK_URLS: webhookConfigShape.WEBHOOK_URLS.parse(`comment.created=${gone}`),
    WEBHOOK_SECRET: SECRET,
  });
  await postComment(t, { approve: false });
  const worker = createWebhookWorker({
    db: t.db,
    table: WEBHOOK_OUTBOX_TABLE,
    secret: SECRET,
    logger: createLogger({ name: "webhooks", level: "silent" }),
    clock: t.clock,
  });
  expect(await worker.runOnce()).toMatchObject({ claimed: 1, dead: 1 });
  const row = await t.db.selectFrom(WEBHOOK_OUTBOX_TABLE).selectAll().executeTakeFirstOrThrow();
  expect(row).toMatchObject({ status: "dead", last_error: "the receiver answered 410" });
});

it.each(["flagged", "all"] as const)(
  "an edit sends the events a new comment would (MODERATION=%s): held when it waits, approved when a moderator publishes it, edited when it is published at once",
  async (moderation) => {
    const t = await createTestApp({
      MODERATION: moderation,
      WEBHOOK_URLS: webhookConfigShape.WEBHOOK_URLS.parse("*=https://hooks.example/all"),
      WEBHOOK_SECRET: SECRET,
    });
    const seen = new Set<string>();
    /** The events queued since the last call, as [type, status, body]. */
    const newEvents = async () => {
      const rows = await t.db.selectFrom(WEBHOOK_OUTBOX_TABLE).select(["id", "message"]).execute();
      const fresh = rows.filter((r) => !seen.has(r.id));
      for (const r of fresh) seen.add(r.id);
      return fresh.map((r) => JSON.parse(JSON.parse(r.message).body)).map((e) => [e.type, e.data.status, e.data.body]);
    };
    const c = await postComment(t, { body: "First thoughts." });
    await newEvents();
    const edit = (body: string) =>
      t.call("PATCH", `/v1/comments/${c.comment.id}`, { body }, { Authorization: `Bearer ${c.editToken}` });
    const FLAGGED = "Buy here https://pills.example/a https://pills.example/b https://pills.example/c";

    if (moderation === "flagged") {
      expect((await edit("Second thoughts.")).status).toBe(200);
      expect(await newEvents()).toEqual([["comment.edited", "approved", "Second thoughts."]]);
    }
    expect((await edit(FLAGGED)).status).toBe(200);
    expect(await newEvents()).toEqual([["comment.held", "pending", FLAGGED]]);
    expect((await t.admin("POST", `/v1/admin/comments/${c.comment.id}/approve`)).status).toBe(200);
    expect(await newEvents()).toEqual([["comment.approved", "approved", FLAGGED]]);
  },
);
