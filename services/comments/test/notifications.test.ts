import { type SmtpSink, startSmtpSink } from "@parlor/mail/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, PUBLIC_URL, postComment, storedRow, type TestApp } from "./helpers.ts";

const MODERATOR = "moderator@blog.example";
let smtp: SmtpSink;
beforeEach(async () => {
  smtp = await startSmtpSink();
});
afterEach(async () => {
  await smtp.close();
});

const app = (overrides = {}) => createTestApp({ MODERATOR_EMAIL: MODERATOR, ...overrides }, { smtpUrl: smtp.url });
const mailsTo = (address: string) => smtp.deliveries.filter((d) => d.rcptTo.includes(address)).map((d) => d.mail);
const linkIn = (text: string | undefined, path: string, label = "") => {
  const m = new RegExp(`${label}${PUBLIC_URL}${path}\\?token=[\\w.-]+`).exec(text ?? "");
  if (!m) throw new Error(`no ${path} link in:\n${text}`);
  return m[0].slice(label.length + PUBLIC_URL.length);
};
/** A raw header line as it arrived (mailparser folds List-* headers into one structured value). */
const rawHeader = (mail: { headerLines: readonly { key: string; line: string }[] }, key: string) =>
  mail.headerLines
    .find((h) => h.key === key)
    ?.line.replace(/^[^:]+:\s*/, "")
    .replace(/\r?\n\s+/g, " ");
const form = (t: TestApp, path: string, fields: Record<string, string>) =>
  t.call("POST", path, new URLSearchParams(fields).toString(), { "Content-Type": "application/x-www-form-urlencoded" });

describe("the moderator's email", () => {
  it("announces a held comment with its text, flags, the author's email and approve/reject links", async () => {
    const t = await app();
    await t.call("POST", "/v1/comments", {
      uri: "/blog/post",
      author: { name: "Ann", email: "ann@example.com" },
      body: "Call me at 555-123-4567 about dosing",
    });
    await t.deliver();
    const [mail] = mailsTo(MODERATOR);
    expect(mailsTo(MODERATOR)).toHaveLength(1);
    expect(mail.subject).toContain("/blog/post");
    expect(mail.text).toContain("Call me at 555-123-4567 about dosing");
    expect(mail.text).toContain("ann@example.com");
    expect(mail.text).toMatch(/contact details/);
    expect(mail.html).toContain("Approve");
    expect(mail.messageId).toBeTruthy();
    expect(mail.date).toBeInstanceOf(Date);
    expect(mail.from?.text).toContain("no-reply@localhost");
    linkIn(mail.text, "/comments/moderate");
  });

  it("marks a crisis comment as needing a human now", async () => {
    const t = await app();
    await t.call("POST", "/v1/comments", { uri: "/blog/post", author: { name: "B" }, body: "I want to kill myself" });
    await t.deliver();
    expect(mailsTo(MODERATOR)[0].subject).toMatch(/^Needs a human now/);
  });

  it("approves through the link only after the button's POST, not on the GET a mail scanner makes", async () => {
    const t = await app();
    const c = await postComment(t, { approve: false });
    await t.deliver();
    const approve = linkIn(mailsTo(MODERATOR)[0].text, "/comments/moderate", "Approve: ");
    const page = await t.call("GET", approve);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form method="post"');
    expect((await storedRow(t, c.comment.id))?.status).toBe("pending");
    const token = new URL(approve, PUBLIC_URL).searchParams.get("token") as string;
    const done = await form(t, "/comments/moderate", { token });
    expect(done.status).toBe(200);
    expect((await storedRow(t, c.comment.id))?.status).toBe("approved");
    const log = await (await t.admin("GET", `/v1/admin/comments/audit?subject=${c.comment.id}`)).json();
    expect(log.entries[0]).toMatchObject({ actor: "email-link", action: "comment.approve", statusAfter: "approved" });
    const again = await form(t, "/comments/moderate", { token });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain("already been used");
  });

  it("refuses a forged or expired link", async () => {
    const t = await app();
    await postComment(t, { approve: false });
    await t.deliver();
    const approve = linkIn(mailsTo(MODERATOR)[0].text, "/comments/moderate");
    const token = new URL(approve, PUBLIC_URL).searchParams.get("token") as string;
    expect((await form(t, "/comments/moderate", { token: `${token.slice(0, -2)}xx` })).status).toBe(400);
    t.clock.advance(8 * 86_400_000);
    expect((await form(t, "/comments/moderate", { token })).status).toBe(400);
  });

  it("sends nothing for a honeypot hit, and nothing when no moderator address is set", async () => {
    const t = await app();
    await t.call("POST", "/v1/comments", {
      uri: "/a",
      author: { name: "Bot", email: "x@example.com" },
      body: "hi",
      homepage: "x",
      notifyReplies: true,
    });
    const quiet = await createTestApp({}, { smtpUrl: smtp.url });
    await postComment(quiet, { approve: false });
    await t.deliver();
    await quiet.deliver();
    expect(smtp.deliveries).toHaveLength(0);
  });
});

describe("reply notifications", () => {
  async function parentWithNotify(t: TestApp, email = "ann@example.com") {
    const res = await t.call("POST", "/v1/comments", {
      uri: "/blog/post",
      author: { name: "Ann", email },
      body: "Does this apply to SSRIs?",
      notifyReplies: true,
    });
    const parent = await res.json();
    await t.admin("POST", `/v1/admin/comments/${parent.comment.id}/approve`);
    return parent.comment.id as string;
  }

  async function confirm(t: TestApp, email = "ann@example.com") {
    await t.deliver();
    const [mail] = mailsTo(email);
    const url = linkIn(mail.text, "/comments/notify/confirm");
    expect((await t.call("GET", url)).status).toBe(200);
    const token = new URL(url, PUBLIC_URL).searchParams.get("token") as string;
    expect((await form(t, "/comments/notify/confirm", { token })).status).toBe(200);
  }

  it("sends an unconfirmed address only the confirmation, never the reply", async () => {
    const t = await app({ MODERATOR_EMAIL: undefined });
    const parentId = await parentWithNotify(t);
    await postComment(t, { parentId, body: "Good question" });
    await t.deliver();
    const mails = mailsTo("ann@example.com");
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toMatch(/^Confirm reply notifications/);
  });

  it("mails the confirmed author once per approved reply, even when the moderator approves twice", async () => {
    const t = await app({ MODERATOR_EMAIL: undefined });
    const parentId = await parentWithNotify(t);
    await confirm(t);
    const reply = await postComment(t, { parentId, body: "It does, partly.", name: "Dr. Kim", approve: false });
    await t.deliver();
    expect(mailsTo("ann@example.com")).toHaveLength(1); // the pending reply sent nothing
    await t.admin("POST", `/v1/admin/comments/${reply.comment.id}/approve`);
    await t.admin("POST", `/v1/admin/comments/${reply.comment.id}/reject`);
    await t.admin("POST", `/v1/admin/comments/${reply.comment.id}/approve`);
    await t.deliver();
    const mails = mailsTo("ann@example.com");
    expect(mails).toHaveLength(2);
    const mail = mails[1];
    expect(mail.subject).toMatch(/^New reply/);
    expect(mail.text).toContain("It does, partly.");
    expect(mail.text).toContain(
      `${PUBLIC_URL}/blog/post?parlor-comment=${reply.comment.id}#comment-${reply.comment.id}`,
    );
    expect(rawHeader(mail, "list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
    expect(rawHeader(mail, "list-unsubscribe")).toMatch(
      /^<https:\/\/blog\.example\/comments\/notify\/unsubscribe\?token=/,
    );
  });

  it("keeps an address confirmed for later comments, and mails a moderator's reply too", async () => {
    const t = await app({ MODERATOR_EMAIL: undefined });
    await parentWithNotify(t);
    await confirm(t);
    const second = await parentWithNotify(t);
    await t.admin("POST", `/v1/admin/comments/${second}/reply`, { body: "Thanks!" });
    await t.deliver();
    const subjects = mailsTo("ann@example.com").map((m) => m.subject);
    expect(subjects.filter((s) => s?.startsWith("Confirm"))).toHaveLength(1);
    expect(subjects.filter((s) => s?.startsWith("New reply"))).toHaveLength(1);
  });

  it("stops reply mail after a one-click unsubscribe", async () => {
    const t = await app({ MODERATOR_EMAIL: undefined });
    const parentId = await parentWithNotify(t);
    await confirm(t);
    await postComment(t, { parentId, body: "first reply" });
    await t.deliver();
    const mail = mailsTo("ann@example.com").at(-1);
    const header = String(mail && rawHeader(mail, "list-unsubscribe"));
    const target = /<([^>]+)>/.exec(header)?.[1] as string;
    expect(target.startsWith(`${PUBLIC_URL}/comments/notify/unsubscribe?token=`)).toBe(true);
    // RFC 8058: the mail client POSTs this body to that URL, with no cookies; the answer is not a redirect.
    const res = await t.call("POST", target.slice(PUBLIC_URL.length), "List-Unsubscribe=One-Click", {
      "Content-Type": "application/x-www-form-urlencoded",
    });
    expect(res.status).toBe(200);
    await postComment(t, { parentId, body: "second reply" });
    await t.deliver();
    expect(mailsTo("ann@example.com").filter((m) => m.subject?.startsWith("New reply"))).toHaveLength(1);
  });

  it("does not mail you about your own reply", async () => {
    const t = await app({ MODERATOR_EMAIL: undefined });
    const parentId = await parentWithNotify(t);
    await confirm(t);
    await postComment(t, { parentId, body: "adding to my own comment", email: "ANN@example.com" });
    await t.deliver();
    expect(mailsTo("ann@example.com").filter((m) => m.subject?.startsWith("New reply"))).toHaveLength(0);
  });
});

describe("erasing a commenter", () => {
  it("removes their text, their consent and every email queued to them", async () => {
    const t = await app();
    const res = await t.call("POST", "/v1/comments", {
      uri: "/blog/post",
      author: { name: "Ann", email: "Ann@Example.com" },
      body: "private story",
      notifyReplies: true,
    });
    const { comment } = await res.json();
    const queuedTo = async (to: string) =>
      (await t.db.selectFrom("comment_outbox").select("id").where("recipient", "=", to).execute()).length;
    expect(await queuedTo("ann@example.com")).toBe(1);
    const erased = await t.admin("POST", "/v1/admin/comments/erase-author", { email: "ann@example.com" });
    expect(erased.status).toBe(200);
    // Two: the confirmation to Ann, and the moderator's held-comment notice that quotes her address.
    expect(await erased.json()).toMatchObject({ comments: 1, emails: 2 });
    expect(await queuedTo("ann@example.com")).toBe(0);
    const outbox = await t.db.selectFrom("comment_outbox").select("message").execute();
    expect(outbox.filter((r) => r.message.toLowerCase().includes("ann@example.com"))).toEqual([]);
    expect(await storedRow(t, comment.id)).toMatchObject({ body: "", author_email: null });
    expect(await t.db.selectFrom("comment_notify_address").selectAll().execute()).toEqual([]);
    await t.deliver();
    expect(mailsTo("ann@example.com")).toHaveLength(0);
    expect((await t.admin("POST", "/v1/admin/comments/erase-author", { email: "not an email" })).status).toBe(400);
  });
});
