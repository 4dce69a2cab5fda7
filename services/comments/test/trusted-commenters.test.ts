import { type SmtpSink, startSmtpSink } from "@parlor/mail/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, PUBLIC_URL, postComment, type TestApp } from "./helpers.ts";

let smtp: SmtpSink;
beforeEach(async () => {
  smtp = await startSmtpSink();
});
afterEach(async () => {
  await smtp.close();
});

const EMAIL = "regular@example.com";

/** Confirms the address the way a reader does: the link mailed after "notify me of replies", then its button. */
async function confirmAddress(t: TestApp, email: string) {
  await t.call("POST", "/v1/comments", {
    uri: "/blog/first",
    author: { name: "Regular", email },
    body: "Subscribing to replies.",
    notifyReplies: true,
  });
  await t.deliver();
  const mail = smtp.deliveries.find((d) => d.rcptTo.includes(email))?.mail;
  const link = new RegExp(`${PUBLIC_URL}/comments/notify/confirm\\?token=([\\w.-]+)`).exec(mail?.text ?? "");
  if (!link) throw new Error("no confirmation link mailed");
  const res = await t.call("POST", "/comments/notify/confirm", new URLSearchParams({ token: link[1] }).toString(), {
    "Content-Type": "application/x-www-form-urlencoded",
  });
  expect(res.status).toBe(200);
}

async function post(t: TestApp, body: string, email = EMAIL) {
  const res = await t.call("POST", "/v1/comments", { uri: "/blog/post", author: { name: "Regular", email }, body });
  expect(res.status).toBe(201);
  return (await res.json()) as { comment: { id: string; status: string } };
}

describe("trusted commenters", () => {
  it("publishes at once a clean comment from a confirmed address with enough approved comments; a flagged one waits", async () => {
    const t = await createTestApp({ TRUSTED_AFTER: 2 }, { smtpUrl: smtp.url });
    await confirmAddress(t, EMAIL);
    await postComment(t, { email: EMAIL, body: "second" }); // the first, above, is still pending
    expect((await post(t, "Not trusted yet: one approved comment.")).comment.status).toBe("pending");
    await postComment(t, { email: "Regular@Example.com", body: "third, approved" });

    const clean = await post(t, "Thanks, this helped a lot.");
    expect(clean.comment.status).toBe("approved");
    const thread = await (await t.call("GET", "/v1/comments?uri=/blog/post")).json();
    expect(thread.comments.map((c: { id: string }) => c.id)).toContain(clean.comment.id);

    const flagged = await post(t, "Call me on 555-123-4567 about it.");
    expect(flagged.comment.status).toBe("pending");
    const queue = await (await t.admin("GET", "/v1/admin/comments?status=pending&flag=contact_details")).json();
    expect(queue.comments.map((c: { id: string }) => c.id)).toEqual([flagged.comment.id]);
  });

  it("does not trust an address that never confirmed, however many approved comments it has", async () => {
    const t = await createTestApp({ TRUSTED_AFTER: 1 });
    await postComment(t, { email: "unconfirmed@example.com" });
    await postComment(t, { email: "unconfirmed@example.com" });
    expect((await post(t, "Hello again.", "unconfirmed@example.com")).comment.status).toBe("pending");
  });

  it("stops trusting an address once a moderator rejects one of its comments", async () => {
    const t = await createTestApp({ TRUSTED_AFTER: 1 }, { smtpUrl: smtp.url });
    await confirmAddress(t, EMAIL);
    await postComment(t, { email: EMAIL });
    const trusted = await post(t, "Trusted and published.");
    expect(trusted.comment.status).toBe("approved");
    await t.admin("POST", `/v1/admin/comments/${trusted.comment.id}/reject`);
    expect((await post(t, "After the reject.")).comment.status).toBe("pending");
  });

  it("is off by default: every comment waits under MODERATION=all", async () => {
    const t = await createTestApp({}, { smtpUrl: smtp.url });
    await confirmAddress(t, EMAIL);
    for (let i = 0; i < 3; i++) await postComment(t, { email: EMAIL });
    expect((await post(t, "Still held.")).comment.status).toBe("pending");
  });
});
