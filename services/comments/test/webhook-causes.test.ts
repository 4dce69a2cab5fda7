import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { createLogger } from "@parlor/kit";
import { runCli } from "@parlor/kit/cli";
import { pgTestUrl } from "@parlor/kit/testing";
import { type SmtpSink, startSmtpSink } from "@parlor/mail/testing";
import { createWebhookWorker, webhookConfigShape } from "@parlor/webhooks";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { commentsCommands } from "../src/cli.commands.ts";
import { loadRuntime } from "../src/config.ts";
import { WEBHOOK_OUTBOX_TABLE } from "../src/db/schema.ts";
import { createTestApp, ENGINE, PUBLIC_URL, postComment, type TestApp } from "./helpers.ts";

const SECRET = "whsec-causes-0123456789";
const HOOKS = "*=http://127.0.0.1:9/hooks";
let smtp: SmtpSink;
const closers: (() => void)[] = [];
beforeEach(async () => {
  smtp = await startSmtpSink();
});
afterEach(async () => {
  for (const close of closers.splice(0)) close();
  await smtp.close();
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

/** Every event queued so far, as `type cause commentId`, in order. */
async function events(t: TestApp): Promise<string[]> {
  const rows = await t.db.selectFrom(WEBHOOK_OUTBOX_TABLE).select(["message"]).orderBy("id").execute();
  return rows.map((r) => {
    const { type, data } = JSON.parse(JSON.parse(r.message).body);
    return `${type} ${data.cause} ${data.id}`;
  });
}

async function post(t: TestApp, body: string, email = "regular@example.com") {
  const res = await t.call("POST", "/v1/comments", { uri: "/blog/post", author: { name: "Regular", email }, body });
  expect(res.status).toBe(201);
  const { comment, editToken } = (await res.json()) as { comment: { id: string; status: string }; editToken: string };
  return { ...comment, editToken };
}
const edit = async (t: TestApp, c: { id: string; editToken: string }, body: string) =>
  expect(
    (await t.call("PATCH", `/v1/comments/${c.id}`, { body }, { Authorization: `Bearer ${c.editToken}` })).status,
  ).toBe(200);

it("every change of a comment fires its event once, with the cause: reader, screen, policy, trusted, moderator, reports, edit, cli", async () => {
  const t = await createTestApp(
    {
      WEBHOOK_URLS: webhookConfigShape.WEBHOOK_URLS.parse(HOOKS),
      WEBHOOK_SECRET: SECRET,
      TRUSTED_AFTER: 1,
      REPORT_HIDE_THRESHOLD: 1,
    },
    { smtpUrl: smtp.url },
  );
  // The address confirms itself (notify-me link), and a moderator approves its first comment: trusted from now on.
  await t.call("POST", "/v1/comments", {
    uri: "/blog/first",
    author: { name: "Regular", email: "regular@example.com" },
    body: "Subscribing to replies.",
    notifyReplies: true,
  });
  await t.deliver();
  const mail = smtp.deliveries.find((d) => d.rcptTo.includes("regular@example.com"))?.mail;
  const token = new RegExp(`${PUBLIC_URL}/comments/notify/confirm\\?token=([\\w.-]+)`).exec(mail?.text ?? "")?.[1];
  const confirmed = await t.call(
    "POST",
    "/comments/notify/confirm",
    new URLSearchParams({ token: token ?? "" }).toString(),
    {
      "Content-Type": "application/x-www-form-urlencoded",
    },
  );
  expect(confirmed.status).toBe(200);
  const [first] = (await t.db.selectFrom("comment").select("id").execute()).map((r) => r.id);
  await t.admin("POST", `/v1/admin/comments/${first}/approve`);
  await t.admin("POST", `/v1/admin/comments/${first}/approve`); // again: changes nothing, announces nothing

  const trusted = await post(t, "Thanks, this helped a lot.");
  expect(trusted.status).toBe("approved");
  const flagged = await post(t, "Call me on 555-123-4567 about it.");
  expect(flagged.status).toBe("pending");
  const plain = await post(t, "A first word from someone new.", "new@example.com");
  // Readers report the trusted one: past the threshold it goes back to the queue; a second report finds it gone.
  expect((await t.call("POST", `/v1/comments/${trusted.id}/report`, { reason: "spam" })).status).toBeLessThan(300);
  await t.call("POST", `/v1/comments/${trusted.id}/report`, { reason: "spam" });
  // The trusted commenter edits a published comment into one the screen flags: the edit waits (MODERATION=all)
  // until a moderator approves it, which publishes it.
  const edited = await post(t, "Glad it is online.");
  await edit(t, edited, "Glad it is online. Call me on 555-123-4567.");
  await t.admin("POST", `/v1/admin/comments/${edited.id}/approve`);

  const expected = [
    `comment.created reader ${first}`,
    `comment.held policy ${first}`,
    `comment.approved moderator ${first}`,
    `comment.created reader ${trusted.id}`,
    `comment.approved trusted ${trusted.id}`,
    `comment.created reader ${flagged.id}`,
    `comment.held screen ${flagged.id}`,
    `comment.created reader ${plain.id}`,
    `comment.held policy ${plain.id}`,
    `comment.held reports ${trusted.id}`,
    `comment.created reader ${edited.id}`,
    `comment.approved trusted ${edited.id}`,
    `comment.held edit ${edited.id}`,
    `comment.approved moderator ${edited.id}`,
  ];
  expect(await events(t)).toEqual(expected);

  // The operator's command line approves the new reader's comment, on the same store (its schema on PostgreSQL,
  // through the URL's search_path): cause cli.
  vi.spyOn(console, "log").mockImplementation(() => {});
  const storeUrl =
    ENGINE === "sqlite"
      ? `file:${join(t.dir, "comments.db")}`
      : `${pgTestUrl(process.env.TEST_DATABASE_URL as string, "comments")}?options=${encodeURIComponent(`-c search_path=${t.schema}`)}`;
  const runtime = loadRuntime({
    COMMENTS_DATABASE_URL: storeUrl,
    COMMENTS_WEBHOOK_URLS: HOOKS,
    COMMENTS_WEBHOOK_SECRET: SECRET,
    PATH: process.env.PATH,
  });
  await runCli("comments", commentsCommands(runtime), ["approve", plain.id]);
  expect(process.exitCode).toBeUndefined();
  expect((await events(t)).slice(expected.length)).toEqual([`comment.approved cli ${plain.id}`]);
});

it("under MODERATION=flagged, each edit fires once with cause edit: published at once (comment.edited), sent back to the queue or edited while waiting (comment.held)", async () => {
  const t = await createTestApp({
    MODERATION: "flagged",
    WEBHOOK_URLS: webhookConfigShape.WEBHOOK_URLS.parse(HOOKS),
    WEBHOOK_SECRET: SECRET,
  });
  const c = await post(t, "Useful, thank you.");
  await edit(t, c, "Useful, thank you. Still useful."); // nothing flagged: published at once
  await edit(t, c, "Useful, thank you. Call me on 555-123-4567.");
  await edit(t, c, "Useful. Call me on 555-123-4567 or later."); // still waiting, with new text
  expect(await events(t)).toEqual([
    `comment.created reader ${c.id}`,
    `comment.approved policy ${c.id}`,
    `comment.edited edit ${c.id}`,
    `comment.held edit ${c.id}`,
    `comment.held edit ${c.id}`,
  ]);
});

/** A real HTTP receiver on a free port that records each delivery's id and event. */
async function receiver() {
  const got: { id: string; type: string; delivery: string }[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8").on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      const event = JSON.parse(body);
      got.push({ id: event.id, type: event.type, delivery: String(req.headers["parlor-delivery"]) });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(() => server.close());
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, got };
}

it("webhooks a restored store holds as queued go to the URL configured now, with their original delivery ids", async () => {
  const before = await receiver();
  const now = await receiver();
  const t = await createTestApp({
    WEBHOOK_URLS: webhookConfigShape.WEBHOOK_URLS.parse(`*=${before.url}`),
    WEBHOOK_SECRET: SECRET,
  });
  await postComment(t, { approve: false });
  await postComment(t, { approve: false });
  // The backup was taken here, with these four events queued for the URL of back then...
  const backup = await t.db.selectFrom(WEBHOOK_OUTBOX_TABLE).selectAll().execute();
  const worker = (routes: string) =>
    createWebhookWorker({
      db: t.db,
      table: WEBHOOK_OUTBOX_TABLE,
      secret: SECRET,
      routes: webhookConfigShape.WEBHOOK_URLS.parse(routes),
      logger: createLogger({ name: "webhooks", level: "silent" }),
      clock: t.clock,
    });
  await worker(`*=${before.url}`).runOnce();
  expect(before.got).toHaveLength(4);
  // ...then delivered, then the backup restored (its rows still queued, and, as the old URL had failed, waiting
  // an hour to retry), and WEBHOOK_URLS changed since: the waits were for the old URL, the new one gets them now.
  await t.db.deleteFrom(WEBHOOK_OUTBOX_TABLE).execute();
  const later = new Date(t.clock.now().getTime() + 3_600_000).toISOString();
  await t.db
    .insertInto(WEBHOOK_OUTBOX_TABLE)
    .values(backup.map((row) => ({ ...row, attempts: 2, next_attempt_at: later })))
    .execute();
  const second = `comment.created=${now.url}/created`;
  expect(await worker(`comment.held=${now.url},${second}`).runOnce()).toMatchObject({ claimed: 4, sent: 4 });

  expect(before.got).toHaveLength(4); // nothing more went to the old URL
  const ids = (got: { id: string; delivery: string }[]) => got.map((g) => `${g.id}=${g.delivery}`).sort();
  expect(ids(now.got)).toEqual(ids(before.got)); // the same events, with their original Parlor-Delivery ids
  const rows = await t.db.selectFrom(WEBHOOK_OUTBOX_TABLE).select(["recipient", "status"]).execute();
  expect(rows.map((r) => `${r.status} ${r.recipient.replace(now.url, "NOW")}`).sort()).toEqual([
    "sent NOW",
    "sent NOW",
    "sent NOW/created",
    "sent NOW/created",
  ]);
});
