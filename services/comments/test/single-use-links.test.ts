import { type SmtpSink, startSmtpSink } from "@parlor/mail/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, PUBLIC_URL, postComment, storedRow, type TestApp } from "./helpers.ts";

// A single-use link works once, whatever spelling of it comes back: base64url's last character carries two
// bits that decoding drops, so each token has three other spellings that decode to the same bytes. And a
// moderator's link, however old, acts only on a comment still waiting in the queue.
const MODERATOR = "moderator@blog.example";
let smtp: SmtpSink;
beforeEach(async () => {
  smtp = await startSmtpSink();
});
afterEach(async () => {
  await smtp.close();
});

const app = () => createTestApp({ MODERATOR_EMAIL: MODERATOR }, { smtpUrl: smtp.url });
const mailsTo = (address: string) => smtp.deliveries.filter((d) => d.rcptTo.includes(address)).map((d) => d.mail);
const tokenIn = (text: string | undefined, path: string, label = "") => {
  const m = new RegExp(`${label}${PUBLIC_URL}${path}\\?token=([\\w.-]+)`).exec(text ?? "");
  if (!m) throw new Error(`no ${path} link in:\n${text}`);
  return m[1];
};
const form = (t: TestApp, path: string, fields: Record<string, string>) =>
  t.call("POST", path, new URLSearchParams(fields).toString(), { "Content-Type": "application/x-www-form-urlencoded" });

/** The other spellings of a token that decode to the same bytes. */
function respellings(token: string): string[] {
  const mac = token.slice(token.indexOf(".") + 1);
  const bytes = Buffer.from(mac, "base64url");
  return [..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"]
    .map((ch) => `${token.slice(0, -1)}${ch}`)
    .filter((t) => t !== token && Buffer.from(t.slice(t.indexOf(".") + 1), "base64url").equals(bytes));
}

describe("a moderator's email link", () => {
  it("cannot approve again, re-spelled, a comment a moderator rejected after the link was used", async () => {
    const t = await app();
    const c = await postComment(t, { approve: false });
    await t.deliver();
    const token = tokenIn(mailsTo(MODERATOR)[0].text, "/comments/moderate", "Approve: ");
    expect((await form(t, "/comments/moderate", { token })).status).toBe(200);
    expect((await t.admin("POST", `/v1/admin/comments/${c.comment.id}/reject`)).status).toBe(200);
    const copies = respellings(token);
    expect(copies).toHaveLength(3);
    for (const copy of copies) {
      const res = await form(t, "/comments/moderate", { token: copy });
      expect(res.status).toBe(400);
      expect((await storedRow(t, c.comment.id))?.status).toBe("rejected");
    }
  });

  it("leaves a comment decided in the console as it is, and says who decided it and when", async () => {
    const t = await app();
    const c = await postComment(t, { approve: false });
    await t.deliver();
    const reject = tokenIn(mailsTo(MODERATOR)[0].text, "/comments/moderate", "\nReject: ");
    t.clock.advance(3_600_000);
    expect((await t.admin("POST", `/v1/admin/comments/${c.comment.id}/approve`)).status).toBe(200);

    const page = await t.call("GET", `/comments/moderate?token=${reject}`);
    expect(page.status).toBe(200);
    const shown = await page.text();
    expect(shown).toContain("already approved by the site&#39;s owner on 2026-05-01 13:00 UTC");
    expect(shown).not.toContain("<form");

    const res = await form(t, "/comments/moderate", { token: reject });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain(
      "Nothing was changed: this comment was already approved by the site&#39;s owner",
    );
    expect((await storedRow(t, c.comment.id))?.status).toBe("approved");
    const thread = await (await t.call("GET", "/v1/comments?uri=/blog/post")).json();
    expect(thread.total).toBe(1);
  });

  it("still acts on a comment that is waiting", async () => {
    const t = await app();
    const c = await postComment(t, { approve: false });
    await t.deliver();
    const reject = tokenIn(mailsTo(MODERATOR)[0].text, "/comments/moderate", "\nReject: ");
    const res = await form(t, "/comments/moderate", { token: reject });
    expect(res.status).toBe(200);
    expect((await storedRow(t, c.comment.id))?.status).toBe("rejected");
  });
});

describe("a reader's erase link", () => {
  it("erases once: a re-spelled copy does not erase a comment posted after the first erasure", async () => {
    const t = await app();
    await postComment(t, { email: "ann@example.com", body: "First" });
    await t.call("POST", "/v1/comments/me/requests", { email: "ann@example.com", action: "erase" });
    await t.deliver();
    const token = tokenIn(mailsTo("ann@example.com").at(-1)?.text, "/comments/me/erase");
    expect((await form(t, "/comments/me/erase", { token })).status).toBe(200);

    const later = await postComment(t, { email: "ann@example.com", body: "Posted after the erasure" });
    for (const copy of respellings(token)) {
      expect((await form(t, "/comments/me/erase", { token: copy })).status).toBe(400);
    }
    expect((await storedRow(t, later.comment.id))?.author_email).toBe("ann@example.com");
    expect((await storedRow(t, later.comment.id))?.deleted_at).toBeNull();
  });
});
