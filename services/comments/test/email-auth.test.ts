import { type Delivery, type SmtpSink, startSmtpSink } from "@parlor/mail/testing";
import { testDkim } from "@parlor/mail/testing/dkim";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { commentsMailSamples } from "../src/notifications/mail.samples.ts";
import { createTestApp, PUBLIC_URL, postComment, type TestApp } from "./helpers.ts";

// Every kind of email the comments service sends, DKIM-signed as in production and checked by an independent
// verifier (mailauth) on the bytes the SMTP relay received: the signature holds, covers List-Unsubscribe and
// List-Unsubscribe-Post wherever they are (RFC 8058 §4), and each notification says Auto-Submitted: auto-generated
// (RFC 3834), signed too.
const MODERATOR = "moderator@blog.example";
const dkim = testDkim("blog.example");
let smtp: SmtpSink;
beforeEach(async () => {
  smtp = await startSmtpSink();
});
afterEach(async () => {
  await smtp.close();
});

const form = (t: TestApp, path: string, fields: Record<string, string>) =>
  t.call("POST", path, new URLSearchParams(fields).toString(), { "Content-Type": "application/x-www-form-urlencoded" });
const tokenIn = (text: string | undefined, path: string) => {
  const m = new RegExp(`${PUBLIC_URL}${path}\\?token=([\\w.-]+)`).exec(text ?? "");
  if (!m) throw new Error(`no ${path} link in:\n${text}`);
  return m[1];
};
const header = (d: Delivery, name: string) =>
  /^(.*?)\r?\n\r?\n/s
    .exec(d.raw.toString("latin1"))?.[1]
    .match(new RegExp(`^${name}:(.*(?:\\r?\\n[ \\t].*)*)`, "mi"))?.[1];
const kindOf = (subject: string) => subject.replace(/ (on|from|by) .*$/, "").replace(/:.*$/, "");
const alter = (raw: Buffer, name: string, value: string) =>
  raw.toString("latin1").replace(new RegExp(`^${name}:.*$`, "mi"), `${name}: ${value}`);

describe("the comments service's emails", () => {
  it("all pass DKIM with their List-Unsubscribe pair and Auto-Submitted signed; an altered copy fails", async () => {
    const t = await createTestApp(
      { MODERATOR_EMAIL: MODERATOR, MAIL_FROM: "Blog <comments@blog.example>" },
      { smtpUrl: smtp.url, dkim: dkim.options },
    );
    // A held comment (moderator), a crisis one (moderator), notify-me (its confirmation), a reply (reply email).
    const parent = await (
      await t.call("POST", "/v1/comments", {
        uri: "/blog/post",
        author: { name: "Ann", email: "ann@example.com" },
        body: "Call me at 555-123-4567",
        notifyReplies: true,
      })
    ).json();
    await t.call("POST", "/v1/comments", { uri: "/blog/post", author: { name: "B" }, body: "I want to end my life" });
    await t.deliver();
    const confirm = tokenIn(
      smtp.deliveries.find((d) => d.rcptTo.includes("ann@example.com"))?.mail.text,
      "/comments/notify/confirm",
    );
    expect((await form(t, "/comments/notify/confirm", { token: confirm })).status).toBe(200);
    await t.admin("POST", `/v1/admin/comments/${parent.comment.id}/approve`);
    await postComment(t, { parentId: parent.comment.id, name: "Dr. Kim", body: "Please do not post numbers." });
    // Readers' rights: the export and the erase links.
    await t.call("POST", "/v1/comments/me/requests", { email: "ann@example.com", action: "export" });
    await t.call("POST", "/v1/comments/me/requests", { email: "ann@example.com", action: "erase" });
    await t.call("POST", "/v1/comments/me/requests", { email: "nobody@example.net", action: "export" }); // nothing held
    await t.deliver();

    const kinds = new Map<string, Delivery>();
    for (const d of smtp.deliveries) {
      const subject = d.mail.subject ?? "";
      const kind = kindOf(subject);
      kinds.set(kind, d);
      const verdict = await dkim.verify(d.raw);
      expect(verdict.result, subject).toBe("pass");
      expect(header(d, "Auto-Submitted")?.trim(), subject).toBe("auto-generated");
      expect(verdict.signed, subject).toContain("auto-submitted");
      if (header(d, "List-Unsubscribe")) {
        expect(verdict.signed, subject).toEqual(expect.arrayContaining(["list-unsubscribe", "list-unsubscribe-post"]));
      }
    }
    expect([...kinds.keys()].sort()).toEqual([
      "Comment held",
      "Confirm reply notifications",
      "Erase your comments",
      "Needs a human now",
      "New reply to your comment",
      "Nothing held about this address",
      "Your comments data",
    ]);
    // The message catalogue (docs/mail-catalogue.md) shows every one of these kinds, and no other.
    expect(new Set(commentsMailSamples().map((sample) => kindOf(sample.message.subject)))).toEqual(
      new Set(kinds.keys()),
    );

    const reply = kinds.get("New reply to your comment") as Delivery;
    expect(header(reply, "List-Unsubscribe-Post")?.trim()).toBe("List-Unsubscribe=One-Click");
    const altered = alter(reply.raw, "List-Unsubscribe-Post", "List-Unsubscribe=Later");
    expect((await dkim.verify(altered)).result).not.toBe("pass");
  });
});
