import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createLogger } from "@parlor/kit";
import { type SmtpSink, startSmtpSink } from "@parlor/mail/testing";
import { createWebhookWorker, webhookConfigShape } from "@parlor/webhooks";
import { afterEach, beforeEach, expect, it } from "vitest";
import { OUTBOX_TABLE, WEBHOOK_OUTBOX_TABLE } from "../src/db/schema.ts";
import { createTestApp } from "./helpers.ts";
import { fixture, importFile, issoDatabase, writeTemp } from "./import-helpers.ts";

const SECRET = "whsec-test-0123456789abcdef";
let smtp: SmtpSink;
const hooks: string[] = [];
let receiver: ReturnType<typeof createServer>;
let receiverUrl = "";
beforeEach(async () => {
  smtp = await startSmtpSink();
  hooks.length = 0;
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      hooks.push(JSON.parse(body).type);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
afterEach(async () => {
  await smtp.close();
  receiver.close();
});

// A reader who asked to hear of replies, a confirmed address, and a reply to them: posted, this sends an email.
const parlorExport = [
  { format: "parlor-comments", version: 1, exportedAt: "2026-04-01T00:00:00.000Z" },
  {
    type: "comment",
    id: "01HZZZZZZZZZZZZZZZZZZZZZZA",
    uri: "/blog/quiet",
    parentId: null,
    status: "approved",
    author: { name: "Di", email: "di@example.com", website: null, isModerator: false },
    body: "Tell me about replies",
    html: "",
    flags: [],
    notifyReplies: true,
    clientHash: null,
    createdAt: "2026-04-01T10:00:00.000Z",
    editedAt: null,
    deletedAt: null,
    moderatedAt: null,
  },
  {
    type: "comment",
    id: "01HZZZZZZZZZZZZZZZZZZZZZZB",
    uri: "/blog/quiet",
    parentId: "01HZZZZZZZZZZZZZZZZZZZZZZA",
    status: "approved",
    author: { name: "Ed", email: "ed@example.com", website: null, isModerator: false },
    body: "Here is a reply",
    html: "",
    flags: [],
    notifyReplies: false,
    clientHash: null,
    createdAt: "2026-04-01T11:00:00.000Z",
    editedAt: null,
    deletedAt: null,
    moderatedAt: null,
  },
  {
    type: "notifyAddress",
    email: "di@example.com",
    confirmedAt: "2026-04-01T10:05:00.000Z",
    unsubscribedAt: null,
    createdAt: "2026-04-01T10:00:00.000Z",
  },
];

it("an import of every format sends no email and fires no webhook; a comment posted afterwards does both", async () => {
  const t = await createTestApp(
    {
      MODERATOR_EMAIL: "moderator@blog.example",
      WEBHOOK_URLS: webhookConfigShape.WEBHOOK_URLS.parse(`*=${receiverUrl}/all`),
      WEBHOOK_SECRET: SECRET,
    },
    { smtpUrl: smtp.url },
  );
  const webhooks = createWebhookWorker({
    db: t.db,
    table: WEBHOOK_OUTBOX_TABLE,
    secret: SECRET,
    logger: createLogger({ name: "webhooks", level: "silent" }),
    clock: t.clock,
  });
  const deliverAll = async () => {
    await t.deliver();
    for (let i = 0; i < 10 && (await webhooks.runOnce()).claimed > 0; i++);
  };
  const file = writeTemp(t.dir, "export.jsonl", `${parlorExport.map((l) => JSON.stringify(l)).join("\n")}\n`);
  await importFile(t, "parlor", file);
  await importFile(t, "disqus", fixture("disqus.xml")); // held, spam and approved comments, replies
  await importFile(t, "wordpress", fixture("wordpress.xml"));
  await importFile(t, "isso", issoDatabase(t.dir));
  await importFile(t, "remark42", fixture("remark42-backup.jsonl")); // blocks and a closed page too
  await importFile(t, "waline", fixture("waline.json"));
  await deliverAll();
  expect(await t.db.selectFrom(OUTBOX_TABLE).selectAll().execute()).toEqual([]);
  expect(await t.db.selectFrom(WEBHOOK_OUTBOX_TABLE).selectAll().execute()).toEqual([]);
  expect(smtp.deliveries).toEqual([]);
  expect(hooks).toEqual([]);

  // The same store, mail and receiver do carry news: a reply posted now mails Di and fires comment.created.
  const res = await t.call("POST", "/v1/comments", {
    uri: "/blog/quiet",
    parentId: "01HZZZZZZZZZZZZZZZZZZZZZZA",
    author: { name: "Flo" },
    body: "A new reply",
  });
  expect(res.status).toBe(201);
  await deliverAll();
  expect(hooks).toContain("comment.created");
  expect(smtp.deliveries.length).toBeGreaterThan(0);
});
