import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { createLogger } from "@parlor/kit";
import { type SmtpSink, startSmtpSink } from "@parlor/mail/testing";
import { createWebhookWorker, verifySignature, webhookConfigShape } from "@parlor/webhooks";
import { afterEach, beforeEach, expect, it } from "vitest";
import { WEBHOOK_OUTBOX_TABLE } from "../src/db/schema.ts";
import { createTestApp, mailsTo, PUBLIC_URL, rawHeader, subscribe } from "./helpers.ts";

const SECRET = "whsec-newsletter-0123456789";
let smtp: SmtpSink;
const closers: (() => void)[] = [];
beforeEach(async () => {
  smtp = await startSmtpSink();
});
afterEach(async () => {
  for (const close of closers.splice(0)) close();
  await smtp.close();
});

async function startReceiver(failFirst: number) {
  const received: { headers: IncomingHttpHeaders; body: string; answered: number }[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      const answered = received.length < failFirst ? 503 : 200;
      received.push({ headers: req.headers, body, answered });
      res.writeHead(answered).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(() => server.close());
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, received };
}

it("subscriber.confirmed, subscriber.unsubscribed and issue.sent reach the receiver signed, after a retry", async () => {
  const receiver = await startReceiver(1);
  const t = await createTestApp(
    { WEBHOOK_URLS: webhookConfigShape.WEBHOOK_URLS.parse(`*=${receiver.url}`), WEBHOOK_SECRET: SECRET },
    { smtp },
  );
  const worker = createWebhookWorker({
    db: t.db,
    table: WEBHOOK_OUTBOX_TABLE,
    secret: SECRET,
    logger: createLogger({ name: "webhooks", level: "silent" }),
    clock: t.clock,
    settings: { backoffBaseMs: 1000, backoffMaxMs: 1000 },
  });
  const deliverHooks = async () => {
    for (let i = 0; i < 10 && (await worker.runOnce()).claimed > 0; i++) t.clock.advance(2000);
  };

  await subscribe(t, smtp, "ann@example.com", { name: "Ann" });
  await subscribe(t, smtp, "bob@example.com");
  const issue = (await (
    await t.admin("POST", "/v1/admin/newsletter/issues", { subject: "Flu season", markdown: "Get the shot." })
  ).json()) as { id: string };
  expect((await t.admin("POST", `/v1/admin/newsletter/issues/${issue.id}/send`)).status).toBe(202);
  for (let i = 0; i < 3; i++) {
    await t.dispatcher.runOnce();
    await t.deliver();
  }
  const welcome = mailsTo(smtp, "bob@example.com").at(-1);
  const target = (/<([^>]+)>/.exec(String(welcome && rawHeader(welcome, "list-unsubscribe")))?.[1] ?? "").slice(
    PUBLIC_URL.length,
  );
  expect((await t.form(target, { "List-Unsubscribe": "One-Click" })).status).toBe(200);
  await t.form(target, { "List-Unsubscribe": "One-Click" }); // a second click announces nothing
  await deliverHooks();

  const ok = receiver.received.filter((r) => r.answered === 200).map((r) => JSON.parse(r.body));
  expect(ok.map((e) => e.type).sort()).toEqual([
    "issue.sent",
    "subscriber.confirmed",
    "subscriber.confirmed",
    "subscriber.unsubscribed",
  ]);
  const of = (type: string) => ok.filter((e) => e.type === type).map((e) => e.data);
  expect(receiver.received[0].answered).toBe(503);
  // The refused event came again later, the same bytes.
  expect(receiver.received.filter((r) => r.body === receiver.received[0].body).map((r) => r.answered)).toEqual([
    503, 200,
  ]);
  for (const r of receiver.received) {
    expect(verifySignature(SECRET, r.headers["parlor-signature"] as string, r.body, { now: t.clock.now() })).toBe(true);
    expect(r.headers["parlor-event"]).toBe(JSON.parse(r.body).type);
  }
  expect(of("subscriber.confirmed").find((d) => d.email === "ann@example.com")).toMatchObject({
    name: "Ann",
    status: "active",
  });
  expect(of("issue.sent")).toMatchObject([{ id: issue.id, subject: "Flu season", recipients: 2, sent: 2, failed: 0 }]);
  expect(of("subscriber.unsubscribed")).toMatchObject([{ email: "bob@example.com", status: "unsubscribed" }]);
  const everything = receiver.received.map((r) => r.body).join("\n");
  expect(everything).not.toMatch(/client_?hash|token|consent/i);
});
