import { type SmtpSink, startSmtpSink } from "@parlor/mail/testing";
import { webhookConfigShape } from "@parlor/webhooks";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, PUBLIC_URL, postComment, storedRow, type TestApp } from "./helpers.ts";

// Edits of a published comment under MODERATION=all wait for a moderator, as a new comment would; the published
// text stays up meanwhile. Under MODERATION=flagged an edit is screened like a new comment (the contract).
let smtp: SmtpSink;
beforeEach(async () => {
  smtp = await startSmtpSink();
});
afterEach(async () => {
  await smtp.close();
});

const MODERATOR = "moderator@blog.example";
const SPAM =
  "Dr. Smith at the clinic is a fraud who kills patients! Buy here https://pills.example/a https://pills.example/b https://pills.example/c";
const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
const patch = (t: TestApp, c: { comment: { id: string }; editToken: string }, body: string) =>
  t.call("PATCH", `/v1/comments/${c.comment.id}`, { body }, auth(c.editToken));
const publicText = async (t: TestApp) =>
  (await (await t.call("GET", "/v1/comments?uri=/blog/post")).json()).comments.map((c: { html: string }) => c.html);
const pending = async (t: TestApp) =>
  (await (await t.admin("GET", "/v1/admin/comments?status=pending")).json()).comments;

describe("edits under review (MODERATION=all)", () => {
  it("keeps the approved text up, holds the edit flagged `edited`, tells the author and the moderator", async () => {
    const routes = webhookConfigShape.WEBHOOK_URLS.parse("comment.held=https://hooks.example/held");
    const t = await createTestApp(
      { MODERATOR_EMAIL: MODERATOR, WEBHOOK_URLS: routes, WEBHOOK_SECRET: "a-webhook-secret-of-24-chars" },
      { smtpUrl: smtp.url },
    );
    const c = await postComment(t, { body: "Thank you, this helped my mother." });
    await t.deliver();
    const before = smtp.deliveries.length;
    t.clock.advance(2 * 60_000);

    const res = await patch(t, c, SPAM);
    expect(res.status).toBe(200);
    const answer = await res.json();
    expect(answer.status).toBe("approved");
    expect(answer.html).toContain("helped my mother");
    expect(answer.revision).toMatchObject({ status: "pending", flags: ["link_count", "edited"] });
    expect(answer.revision.html).toContain("fraud");
    expect(answer.notice).toEqual({ kind: "edit_held", text: expect.stringContaining("once a moderator") });

    // Readers still see the approved text.
    expect(await publicText(t)).toEqual([expect.stringContaining("helped my mother")]);
    expect((await storedRow(t, c.comment.id))?.body).toBe("Thank you, this helped my mother.");

    // The moderator's queue has it, with the edit beside the published text, and the counts say so.
    const [item] = await pending(t);
    expect(item).toMatchObject({ id: c.comment.id, status: "approved", revision: { flags: ["link_count", "edited"] } });
    expect(item.revision.body).toBe(SPAM);
    expect(item.html).toContain("helped my mother");
    const counts = (await (await t.admin("GET", "/v1/admin/comments/counts")).json()).counts;
    expect(counts).toMatchObject({ pending: 1, approved: 1 });
    const edited = await (await t.admin("GET", "/v1/admin/comments?status=pending&flag=edited")).json();
    expect(edited.comments.map((x: { id: string }) => x.id)).toEqual([c.comment.id]);

    // The moderator is emailed, and a comment.held webhook is queued with the new text.
    await t.deliver();
    const mail = smtp.deliveries.slice(before).find((d) => d.rcptTo.includes(MODERATOR))?.mail;
    expect(mail?.subject).toContain("edited");
    expect(mail?.text).toContain("fraud who kills");
    const hooks = await t.db.selectFrom("comment_webhook_outbox").select(["subject", "message"]).execute();
    const held = hooks.filter((h) => h.subject === "comment.held").map((h) => JSON.parse(JSON.parse(h.message).body));
    expect(held.at(-1)?.data).toMatchObject({ id: c.comment.id, status: "pending", flags: ["link_count", "edited"] });
    expect(held.at(-1)?.data.body).toBe(SPAM);

    // Approving publishes the edit; the audit log names it; a second approve changes nothing.
    expect((await t.admin("POST", `/v1/admin/comments/${c.comment.id}/approve`)).status).toBe(200);
    expect(await publicText(t)).toEqual([expect.stringContaining("fraud")]);
    expect(await pending(t)).toEqual([]);
    expect((await t.admin("POST", `/v1/admin/comments/${c.comment.id}/approve`)).status).toBe(200);
    const log = (await (await t.admin("GET", "/v1/admin/comments/audit")).json()).entries;
    expect(log.filter((e: { action: string }) => e.action === "revision.approve")).toHaveLength(1);
  });

  it("drops the edit on reject-edit, through the console or the moderator's email link, and the approved text stays", async () => {
    const t = await createTestApp({ MODERATOR_EMAIL: MODERATOR }, { smtpUrl: smtp.url });
    const c = await postComment(t, { body: "Original words." });
    await patch(t, c, "Replaced words.");
    await patch(t, c, "Replaced words, twice."); // a newer edit replaces the one waiting
    const [item] = await pending(t);
    expect(item.revision.body).toBe("Replaced words, twice.");
    expect((await t.admin("POST", `/v1/admin/comments/${c.comment.id}/reject-edit`)).status).toBe(200);
    expect(await publicText(t)).toEqual([expect.stringContaining("Original words.")]);
    expect((await storedRow(t, c.comment.id))?.status).toBe("approved");
    expect(await pending(t)).toEqual([]);

    // The email's reject link acts on a new waiting edit.
    await patch(t, c, "Third try.");
    await t.deliver();
    const mail = smtp.deliveries.filter((d) => d.rcptTo.includes(MODERATOR)).at(-1)?.mail;
    const link = new RegExp(`${PUBLIC_URL}(/comments/moderate\\?token=[\\w.-]+)`).exec(mail?.text ?? "");
    expect(link).not.toBeNull();
    const rejectLink = /^Reject: (\S+)$/m.exec(mail?.text ?? "")?.[1] ?? "";
    const token = new URL(rejectLink).searchParams.get("token") ?? "";
    const done = await t.call("POST", "/comments/moderate", new URLSearchParams({ token }).toString(), {
      "Content-Type": "application/x-www-form-urlencoded",
    });
    expect(done.status).toBe(200);
    expect(await pending(t)).toEqual([]);
    expect(await publicText(t)).toEqual([expect.stringContaining("Original words.")]);
  });

  it("opens the email's link for a waiting edit on that edit, and an older email's link decides nothing", async () => {
    const t = await createTestApp({ MODERATOR_EMAIL: MODERATOR }, { smtpUrl: smtp.url });
    const c = await postComment(t, { body: "Original words." });
    const links = async () => {
      await t.deliver();
      const text = smtp.deliveries.filter((d) => d.rcptTo.includes(MODERATOR)).at(-1)?.mail.text ?? "";
      const all = [...text.matchAll(new RegExp(`${PUBLIC_URL}/comments/moderate\\?token=[\\w.-]+`, "g"))].map(
        (m) => m[0],
      );
      const reject = /To reject it instead: (\S+)/.exec(text)?.[1] ?? "";
      const approve = all.find((l) => l !== reject) ?? "";
      return { approve, reject };
    };
    const open = async (url: string) => t.call("GET", url.slice(PUBLIC_URL.length));
    const post = async (url: string) =>
      t.call(
        "POST",
        "/comments/moderate",
        new URLSearchParams({ token: new URL(url).searchParams.get("token") ?? "" }).toString(),
        { "Content-Type": "application/x-www-form-urlencoded" },
      );

    await patch(t, c, "First edit, waiting.");
    const first = await links();
    const page = await open(first.approve);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("First edit, waiting.");
    expect(html).toMatch(/<button[^>]*>\s*Approve edit\s*<\/button>/);

    t.clock.advance(60_000);
    await patch(t, c, "Second edit, never seen by the first email.");
    const second = await links();
    expect(await (await open(first.approve)).text()).toContain("Edited since this email");
    const stale = await post(first.approve);
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain("Edited since this email");
    expect(await publicText(t)).toEqual([expect.stringContaining("Original words.")]);
    expect((await pending(t))[0].revision.body).toBe("Second edit, never seen by the first email.");

    expect((await post(second.approve)).status).toBe(200);
    expect(await publicText(t)).toEqual([expect.stringContaining("never seen by the first email")]);
  });

  it("rejects the whole comment on a plain reject (one or in bulk), its waiting edit with it", async () => {
    const t = await createTestApp();
    const one = await postComment(t, { body: "First published." });
    const two = await postComment(t, { body: "Second published." });
    for (const c of [one, two]) await patch(t, c, "An edit that waits.");
    const res = await t.admin("POST", `/v1/admin/comments/${one.comment.id}/reject`);
    expect(res.status).toBe(200);
    expect((await res.json()).comment).toMatchObject({ status: "rejected" });
    const bulk = await t.admin("POST", "/v1/admin/comments/bulk", { ids: [two.comment.id], action: "reject" });
    expect(await bulk.json()).toMatchObject({ updated: 1 });
    expect((await storedRow(t, two.comment.id))?.status).toBe("rejected");
    expect(await publicText(t)).toEqual([]);
    expect(await pending(t)).toEqual([]);
    expect(await t.db.selectFrom("comment_revision").selectAll().execute()).toEqual([]);
  });

  it("lets a trusted commenter's clean edit through at once; a flagged one waits", async () => {
    const t = await createTestApp({ TRUSTED_AFTER: 1 }, { smtpUrl: smtp.url });
    const email = "regular@example.com";
    await t.call("POST", "/v1/comments", {
      uri: "/blog/first",
      author: { name: "Regular", email },
      body: "Subscribing to replies.",
      notifyReplies: true,
    });
    await t.deliver();
    const mail = smtp.deliveries.find((d) => d.rcptTo.includes(email))?.mail;
    const token = new RegExp(`${PUBLIC_URL}/comments/notify/confirm\\?token=([\\w.-]+)`).exec(mail?.text ?? "")?.[1];
    await t.call("POST", "/comments/notify/confirm", new URLSearchParams({ token: token ?? "" }).toString(), {
      "Content-Type": "application/x-www-form-urlencoded",
    });
    const c = await postComment(t, { email, body: "Approved once." });
    const clean = await (await patch(t, c, "Approved once, and a typo fixed.")).json();
    expect(clean.revision).toBeUndefined();
    expect(await publicText(t)).toEqual([expect.stringContaining("a typo fixed")]);
    const flagged = await (await patch(t, c, "Call me on 020 7946 0018")).json();
    expect(flagged.revision.flags).toEqual(["contact_details", "edited"]);
    expect(await publicText(t)).toEqual([expect.stringContaining("a typo fixed")]);
  });

  it("emails the moderator again when a comment still held is edited, with the new text", async () => {
    const t = await createTestApp({ MODERATOR_EMAIL: MODERATOR }, { smtpUrl: smtp.url });
    const c = await postComment(t, { body: "Harmless words.", approve: false });
    await t.deliver();
    const before = smtp.deliveries.filter((d) => d.rcptTo.includes(MODERATOR)).length;
    expect(before).toBe(1);
    t.clock.advance(60_000);
    const res = await patch(t, c, "Some nights I think about ending my life.");
    expect((await res.json()).status).toBe("pending");
    expect((await storedRow(t, c.comment.id))?.flags.split(",")).toContain("crisis");
    await t.deliver();
    const mails = smtp.deliveries.filter((d) => d.rcptTo.includes(MODERATOR));
    expect(mails).toHaveLength(2);
    expect(mails.at(-1)?.mail.text).toContain("ending my life");
  });

  it("forgets a waiting edit when the comment is deleted", async () => {
    const t = await createTestApp();
    const c = await postComment(t, { email: "ann@example.com", body: "Kept." });
    await patch(t, c, "Waiting edit.");
    expect(await t.db.selectFrom("comment_revision").selectAll().execute()).toHaveLength(1);
    expect((await t.call("DELETE", `/v1/comments/${c.comment.id}`, undefined, auth(c.editToken))).status).toBe(204);
    expect(await t.db.selectFrom("comment_revision").selectAll().execute()).toEqual([]);
    expect(await pending(t)).toEqual([]);
  });
});

describe("edits under MODERATION=flagged", () => {
  it("publishes a clean edit at once, even past the soft limit (fixing typos), and sends a flagged one back", async () => {
    const t = await createTestApp({ MODERATION: "flagged", SOFT_RATE_LIMIT: { points: 3, windowMs: 600_000 } });
    const c = await postComment(t, { body: "Fine words." });
    const clean = await (await patch(t, c, "Fine words, better.")).json();
    expect(clean).toMatchObject({ status: "approved" });
    expect(await publicText(t)).toEqual([expect.stringContaining("better")]);
    // Past the client's soft limit (posts, edits and deletes count), an edit is still not held for `rate`: that
    // flag is for comments posted in a burst, and an author fixing typos edits in one.
    const burst = await t.call(
      "PATCH",
      `/v1/comments/${c.comment.id}`,
      { body: "Fine words again." },
      {
        ...auth(c.editToken),
        "X-Forwarded-For": "198.51.100.4",
      },
    );
    expect((await burst.json()).status).toBe("approved");
    for (let i = 0; i < 3; i++) {
      await t.call(
        "PATCH",
        `/v1/comments/${c.comment.id}`,
        { body: `Fine words ${i}.` },
        {
          ...auth(c.editToken),
          "X-Forwarded-For": "198.51.100.4",
        },
      );
    }
    const row = await storedRow(t, c.comment.id);
    expect([row?.status, row?.flags]).toEqual(["approved", ""]);
    expect(await publicText(t)).toEqual([expect.stringContaining("Fine words 2.")]);
    const flagged = await (await patch(t, c, "Call me on 020 7946 0018")).json();
    expect(flagged.status).toBe("pending");
    expect((await storedRow(t, c.comment.id))?.flags.split(",")).toEqual(["contact_details"]);
    expect(await publicText(t)).toEqual([]);
  });
});
