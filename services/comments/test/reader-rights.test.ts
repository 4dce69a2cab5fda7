import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createLogger } from "@parlor/kit";
import { rowsMentioning } from "@parlor/kit/testing";
import { createFileTransport, createMailWorker } from "@parlor/mail";
import { type SmtpSink, startSmtpSink } from "@parlor/mail/testing";
import { webhookConfigShape } from "@parlor/webhooks";
import { simpleParser } from "mailparser";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { OUTBOX_TABLE } from "../src/db/schema.ts";
import { createTestApp, PUBLIC_URL, postComment, type TestApp } from "./helpers.ts";

// Readers' rights through the real path: the request, a real SMTP delivery, the link's page, the button's POST.
const ANN = "Ann.Reader@Example.com";
const ann = ANN.toLowerCase();
let smtp: SmtpSink;
beforeEach(async () => {
  smtp = await startSmtpSink();
});
afterEach(async () => {
  await smtp.close();
});

const app = (overrides = {}) =>
  createTestApp({ MODERATOR_EMAIL: "moderator@blog.example", ...overrides }, { smtpUrl: smtp.url });
const mailsTo = (address: string) =>
  smtp.deliveries.filter((d) => d.rcptTo.some((r) => r.toLowerCase() === address)).map((d) => d.mail);
const linkIn = (text: string | undefined, path: string) => {
  const m = new RegExp(`${PUBLIC_URL}${path}\\?token=[\\w.-]+`).exec(text ?? "");
  if (!m) throw new Error(`no ${path} link in:\n${text}`);
  return m[0].slice(PUBLIC_URL.length);
};
const form = (t: TestApp, path: string, fields: Record<string, string>) =>
  t.call("POST", path, new URLSearchParams(fields).toString(), { "Content-Type": "application/x-www-form-urlencoded" });
const ask = (t: TestApp, email: string, action: string, headers: Record<string, string> = {}) =>
  t.call("POST", "/v1/comments/me/requests", { email, action }, headers);

/** Ann comments three times (one approved and answered by Bob, one held, one spam) and asks for reply emails. */
async function annAndBob(t: TestApp) {
  const first = await postComment(t, { name: "Annabel Quist", email: ANN, body: "My own story about migraines." });
  await t.call("POST", "/v1/comments", {
    uri: "/blog/post",
    author: { name: "Annabel Quist", email: ANN },
    body: "Held: call me at 555-123-4567",
    notifyReplies: true,
  });
  const spam = await postComment(t, { name: "Annabel Quist", email: ANN, body: "spammy", approve: false });
  await t.admin("POST", `/v1/admin/comments/${spam.comment.id}/spam`);
  const bob = await postComment(t, {
    name: "Bob",
    email: "bob@example.com",
    body: "Bob's answer",
    parentId: first.comment.id,
  });
  // Bob asks for reply emails and confirms; Ann answers him, so his reply email quotes her name and text.
  const bobTop = await t.call("POST", "/v1/comments", {
    uri: "/blog/post",
    author: { name: "Bob", email: "bob@example.com" },
    body: "Bob asks something",
    notifyReplies: true,
  });
  const bobTopId = (await bobTop.json()).comment.id;
  await t.admin("POST", `/v1/admin/comments/${bobTopId}/approve`);
  await t.deliver();
  const confirm = linkIn(mailsTo("bob@example.com").at(-1)?.text, "/comments/notify/confirm");
  await form(t, "/comments/notify/confirm", {
    token: new URL(confirm, PUBLIC_URL).searchParams.get("token") as string,
  });
  await postComment(t, { name: "Annabel Quist", email: ANN, body: "About magnesium, Bob.", parentId: bobTopId });
  await t.deliver();
  expect(mailsTo("bob@example.com").at(-1)?.text).toContain("About magnesium, Bob.");
  return { first: first.comment.id, bob: bob.comment.id, spam: spam.comment.id };
}

describe("a reader's request", () => {
  it("answers 202 with the same body whether or not the address is known, and mails a link only to a known one", async () => {
    const t = await app();
    await annAndBob(t);
    const known = await ask(t, ANN, "export");
    const unknown = await ask(t, "nobody@example.com", "export");
    expect([known.status, unknown.status]).toEqual([202, 202]);
    expect(await known.text()).toBe(await unknown.text());
    await t.deliver();
    expect(mailsTo(ann).filter((m) => m.subject?.includes("data"))).toHaveLength(1);
    // An unknown address is told that nothing is held about it: no link (equal answers: the same steps either way).
    const nobody = mailsTo("nobody@example.com");
    expect(nobody.map((m) => m.subject)).toEqual([
      `Nothing held about this address by the comments of ${t.config.SITE_NAME}`,
    ]);
    expect(nobody[0]?.text).not.toContain("/comments/me/");
    // A second ask within the hour mails nothing new: one email per address and action an hour.
    await ask(t, ANN, "export");
    await t.deliver();
    expect(mailsTo(ann).filter((m) => m.subject?.includes("data"))).toHaveLength(1);
  });

  it("refuses bad input naming each field, and limits requests per client", async () => {
    const t = await app({ READER_REQUEST_RATE_LIMIT: { points: 2, windowMs: 3_600_000 } });
    const bad = await ask(t, "not an address", "burn");
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors.map((e: { path: string }) => e.path).sort()).toEqual(["action", "email"]);
    const same = { "X-Forwarded-For": "192.0.2.7" };
    expect((await ask(t, "a@example.com", "export", same)).status).toBe(202);
    expect((await ask(t, "b@example.com", "export", same)).status).toBe(202);
    const limited = await ask(t, "c@example.com", "export", same);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBeTruthy();
  });

  it("takes the public form and answers with a page", async () => {
    const t = await app();
    const page = await t.call("GET", "/comments/me");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('action="/v1/comments/me/requests"');
    const res = await form(t, "/v1/comments/me/requests", { email: "x@example.com", action: "erase" });
    expect(res.status).toBe(202);
    expect(await res.text()).toContain("Check your email");
  });
});

describe("the export", () => {
  it("delivers every comment of the address in any status and its reply-email record, and nobody else's", async () => {
    const t = await app();
    const ids = await annAndBob(t);
    await ask(t, ANN, "export");
    await t.deliver();
    const link = linkIn(mailsTo(ann).find((m) => m.subject?.includes("data"))?.text, "/comments/me/export");
    const page = await t.call("GET", link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Download my data");
    const token = new URL(link, PUBLIC_URL).searchParams.get("token") as string;
    const res = await form(t, "/comments/me/export", { token });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain("attachment");
    const data = await res.json();
    expect(data.email).toBe(ann);
    expect(data.comments.map((c: { status: string }) => c.status).sort()).toEqual([
      "approved",
      "approved",
      "pending",
      "spam",
    ]);
    expect(data.comments.map((c: { id: string }) => c.id)).toContain(ids.spam);
    expect(data.comments.every((c: { author: { email: string } }) => c.author.email === ANN)).toBe(true);
    expect(data.replyNotifications).toMatchObject({ email: ANN, confirmedAt: null });
    expect(data.emails.length).toBeGreaterThan(0);
    expect(JSON.stringify(data)).not.toContain("bob@example.com");
    expect(JSON.stringify(data)).not.toContain("Bob's answer");
    // A forged or export link is no erase link.
    expect((await form(t, "/comments/me/erase", { token })).status).toBe(400);
    expect((await form(t, "/comments/me/export", { token: `${token}x` })).status).toBe(400);
  });
});

describe("the erasure", () => {
  it("leaves no trace of the address in any table, keeps the thread, and audits anonymously", async () => {
    // Webhooks on, never delivered here: their queued payloads name the address too, and must go with it.
    const t = await app({
      WEBHOOK_URLS: webhookConfigShape.WEBHOOK_URLS.parse("*=http://127.0.0.1:9/hooks"),
      WEBHOOK_SECRET: "webhook-secret-0123456789",
    });
    const ids = await annAndBob(t);
    expect(Object.keys(await rowsMentioning(t.db, t.schema, ann))).toContain("comment_webhook_outbox");
    await ask(t, ANN, "erase");
    await t.deliver();
    const link = linkIn(mailsTo(ann).find((m) => m.subject?.startsWith("Erase"))?.text, "/comments/me/erase");
    // The GET (what a mail scanner does) changes nothing.
    const page = await t.call("GET", link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Erase everything");
    expect(
      (await t.db.selectFrom("comment").select("author_email").where("id", "=", ids.first).executeTakeFirst())
        ?.author_email,
    ).toBe(ANN);
    const token = new URL(link, PUBLIC_URL).searchParams.get("token") as string;
    const done = await form(t, "/comments/me/erase", { token });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain("4 comment(s) erased");

    expect(await rowsMentioning(t.db, t.schema, ann)).toEqual({});
    expect(await rowsMentioning(t.db, t.schema, "Annabel Quist")).toEqual({});
    expect(await rowsMentioning(t.db, t.schema, "migraines")).toEqual({});
    expect(await rowsMentioning(t.db, t.schema, "About magnesium")).toEqual({}); // Bob's reply email quoted it

    const thread = await (await t.call("GET", "/v1/comments?uri=/blog/post")).json();
    expect(thread.comments[0]).toMatchObject({ id: ids.first, author: { name: "[deleted]" } });
    expect(thread.comments[0].replies[0]).toMatchObject({ id: ids.bob, author: { name: "Bob" } });

    const audit = await (await t.admin("GET", "/v1/admin/comments/audit?actor=reader")).json();
    expect(audit.entries.map((e: { subject: string }) => e.subject)).toContain(ids.spam);
    expect(audit.entries.every((e: { action: string }) => e.action === "comment.erase")).toBe(true);

    // The link worked once.
    expect((await form(t, "/comments/me/erase", { token })).status).toBe(400);
    // Asking again now mails no link: nothing is held, and the email says so.
    const before = smtp.deliveries.length;
    await ask(t, ANN, "export");
    await t.deliver();
    expect(smtp.deliveries.length).toBe(before + 1);
    expect(mailsTo(ann).at(-1)?.subject).toMatch(/^Nothing held about this address/);
    expect(mailsTo(ann).at(-1)?.text).not.toContain("/comments/me/");
  });
});

describe("the erasure with the file transport (the default without SMTP)", () => {
  it("removes every .eml file written to the address or naming it", async () => {
    const t = await createTestApp({ MODERATOR_EMAIL: "moderator@blog.example" });
    const silent = createLogger({ name: "t", level: "silent" });
    const files = createMailWorker({
      db: t.db,
      table: OUTBOX_TABLE,
      transport: createFileTransport(t.mailDir, silent),
      logger: silent,
      clock: t.clock,
      settings: { ratePerSecond: 0 },
    });
    const send = async () => {
      while ((await files.runOnce()).claimed > 0);
    };
    const emlMentioning = (needle: string) =>
      readdirSync(t.mailDir).filter((f) => readFileSync(join(t.mailDir, f), "latin1").toLowerCase().includes(needle));
    // Held (the moderator's email quotes her address) and asking for reply emails (a confirmation to her).
    await t.call("POST", "/v1/comments", {
      uri: "/blog/post",
      author: { name: "Annabel Quist", email: ANN },
      body: "Held for the moderator",
      notifyReplies: true,
    });
    await postComment(t, { email: "bob@example.com", body: "Bob's comment" });
    await send();
    expect(emlMentioning(ann).length).toBeGreaterThanOrEqual(2);

    await ask(t, ANN, "erase");
    await send();
    const [eml] = emlMentioning(ann).filter((f) => readFileSync(join(t.mailDir, f), "latin1").includes("Erase your"));
    const mail = await simpleParser(readFileSync(join(t.mailDir, eml)));
    const link = linkIn(mail.text, "/comments/me/erase");
    const token = new URL(link, PUBLIC_URL).searchParams.get("token") as string;
    expect((await form(t, "/comments/me/erase", { token })).status).toBe(200);

    expect(emlMentioning(ann)).toEqual([]);
    expect(readdirSync(t.mailDir).length).toBeGreaterThan(0); // the moderator's mail about Bob stays
    expect(await rowsMentioning(t.db, t.schema, ann)).toEqual({});
  });
});
