import { liveAnswers } from "@parlor/kit/testing/openapi-answers";
import { type SmtpSink, startSmtpSink } from "@parlor/mail/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ADMIN_TOKEN, createTestApp, PUBLIC_URL, postComment } from "./helpers.ts";

// Every operation of the served comments document, called with what a client would send (the happy path and the
// main documented errors), each answer held against the document by ajv (@parlor/kit/testing/openapi-answers), on
// both engines. An operation added to the document and not exercised here fails the last assertion.
const MODERATOR = "moderator@blog.example";
let smtp: SmtpSink;
beforeEach(async () => {
  smtp = await startSmtpSink();
});
afterEach(async () => {
  await smtp.close();
});

describe("the comments' live answers", () => {
  it("match the served OpenAPI document, for every documented operation", async () => {
    const t = await createTestApp({ MODERATOR_EMAIL: MODERATOR, MODERATION: "all" }, { smtpUrl: smtp.url });
    const { go, admin, form, outcome } = await liveAnswers(t, ADMIN_TOKEN);
    const html = { Accept: "text/html" };
    /** The newest link to `path` mailed to `to`, as path and query. */
    const mailed = (to: string, path: string) => {
      const texts = smtp.deliveries.filter((d) => d.rcptTo.includes(to)).map((d) => d.mail.text ?? "");
      const m = new RegExp(`${PUBLIC_URL}${path}\\?token=[\\w.-]+`).exec(texts.reverse().join("\n"));
      if (!m) throw new Error(`no ${path} link mailed to ${to}`);
      return m[0].slice(PUBLIC_URL.length);
    };
    const tokenOf = (link: string) => new URL(link, PUBLIC_URL).searchParams.get("token") as string;

    // Writing: JSON and the no-JavaScript form, a refused input each way, a preview.
    const post = await go(201, "POST", "/v1/comments", {
      uri: "/blog/post",
      author: { name: "Ann", email: "ann@example.com" },
      body: "Does this apply to SSRIs?",
      notifyReplies: true,
    });
    const first = (await post.json()) as { comment: { id: string }; editToken: string };
    await go(400, "POST", "/v1/comments", { uri: "/blog/post", author: {}, body: "" });
    await form(303, "/v1/comments", { uri: "/blog/post", name: "Bea", body: "From a form." }, html);
    await form(400, "/v1/comments", { uri: "/blog/post", name: "", body: "" }, html);
    await go(200, "POST", "/v1/comments/preview", { body: "**bold**" });
    await go(400, "POST", "/v1/comments/preview", { body: 5 });

    // The moderator's queue and decisions, and the links of the moderator's email.
    await admin(200, "GET", "/v1/admin/comments");
    await admin(200, "GET", "/v1/admin/comments?status=approved&q=SSRI");
    await admin(400, "GET", "/v1/admin/comments?status=maybe");
    await go(401, "GET", "/v1/admin/comments");
    await admin(200, "GET", "/v1/admin/comments/counts");
    await t.deliver();
    const moderateLink = mailed(MODERATOR, "/comments/moderate");
    await go(200, "GET", moderateLink, undefined, html);
    await go(400, "GET", "/comments/moderate?token=forged", undefined, html);
    await form(200, "/comments/moderate", { token: tokenOf(moderateLink) });
    await form(400, "/comments/moderate", { token: tokenOf(moderateLink) }); // single use
    const id = first.comment.id;
    await admin(200, "POST", `/v1/admin/comments/${id}/approve`);
    await admin(404, "POST", "/v1/admin/comments/nope/approve");

    // Reading: the thread (and its 304), counts, a permalink, the feeds.
    const thread = await go(200, "GET", "/v1/comments?uri=/blog/post");
    await go(304, "GET", "/v1/comments?uri=/blog/post", undefined, {
      "If-None-Match": thread.headers.get("etag") ?? "",
    });
    await go(400, "GET", "/v1/comments?uri=/blog/post&sort=sideways");
    await go(200, "GET", "/v1/counts?uri=/blog/post&uri=/blog/other");
    await go(400, "GET", "/v1/counts");
    await go(200, "GET", `/v1/comments/${id}`);
    await go(404, "GET", "/v1/comments/nope");
    await go(200, "GET", "/comments/feed.atom?uri=/blog/post");
    await go(200, "GET", "/v1/feed.atom");
    await go(400, "GET", "/v1/feed.atom?uri=nope");

    // The author's edit (held under MODERATION=all) and the moderator's decisions on it; the reader's report.
    const bearer = { Authorization: `Bearer ${first.editToken}` };
    await go(200, "PATCH", `/v1/comments/${id}`, { body: "Does this apply to SNRIs too?" }, bearer);
    await go(403, "PATCH", `/v1/comments/${id}`, { body: "x" }, { Authorization: "Bearer wrong" });
    await admin(200, "POST", `/v1/admin/comments/${id}/reject-edit`);
    await go(200, "PATCH", `/v1/comments/${id}`, { body: "Does this apply to SNRIs?" }, bearer);
    await admin(200, "POST", `/v1/admin/comments/${id}/approve-edit`);
    await go(202, "POST", `/v1/comments/${id}/report`, { reason: "spam" });
    await go(400, "POST", `/v1/comments/${id}/report`, { reason: "boring" });
    await go(404, "POST", "/v1/comments/nope/report", {});
    await admin(200, "POST", `/v1/admin/comments/${id}/dismiss-reports`);
    await admin(200, "POST", `/v1/admin/comments/${id}/pin`);
    await admin(200, "POST", `/v1/admin/comments/${id}/unpin`);

    // Reply notifications: confirm, then a reply's email and its unsubscribe link (and RFC 8058's one-click POST).
    await t.deliver();
    const confirmLink = mailed("ann@example.com", "/comments/notify/confirm");
    await go(200, "GET", confirmLink, undefined, html);
    await form(200, "/comments/notify/confirm", { token: tokenOf(confirmLink) });
    await form(400, "/comments/notify/confirm", { token: "forged" });
    const reply = await admin(201, "POST", `/v1/admin/comments/${id}/reply`, { body: "It does." });
    await admin(400, "POST", `/v1/admin/comments/${id}/reply`, { body: "" });
    await t.deliver();
    const stopLink = mailed("ann@example.com", "/comments/notify/unsubscribe");
    await go(200, "GET", stopLink, undefined, html);
    await form(200, "/comments/notify/unsubscribe", { token: tokenOf(stopLink), "List-Unsubscribe": "One-Click" });
    await form(400, "/comments/notify/unsubscribe", { token: "forged" });
    const replyId = ((await reply.json()) as { id: string }).id;
    await admin(200, "POST", `/v1/admin/comments/${replyId}/reject`);
    await admin(200, "POST", `/v1/admin/comments/${replyId}/spam`);

    // Blocks and threads.
    const spammer = await postComment(t, { name: "Spam", email: "spam@spam.example", approve: false });
    await admin(200, "POST", `/v1/admin/comments/${spammer.comment.id}/block`, {});
    await admin(201, "POST", "/v1/admin/comments/blocks", { kind: "word", value: "casino" });
    const again = await admin(200, "POST", "/v1/admin/comments/blocks", { kind: "word", value: "casino" });
    await admin(400, "POST", "/v1/admin/comments/blocks", { kind: "colour", value: "red" });
    await admin(200, "GET", "/v1/admin/comments/blocks");
    await admin(200, "GET", "/v1/admin/comments/blocks?kind=word");
    await admin(204, "DELETE", `/v1/admin/comments/blocks/${((await again.json()) as { id: string }).id}`);
    await admin(404, "DELETE", "/v1/admin/comments/blocks/nope");
    await admin(200, "GET", "/v1/admin/comments/threads?uri=/blog/post");
    await admin(400, "GET", "/v1/admin/comments/threads");
    await admin(200, "POST", "/v1/admin/comments/threads/close", { uri: "/blog/post" });
    await go(409, "POST", "/v1/comments", { uri: "/blog/post", author: { name: "Cy" }, body: "Late." });
    await admin(200, "POST", "/v1/admin/comments/threads/reopen", { uri: "/blog/post" });

    // Bulk, erasure, deletion, the audit log.
    const other = await postComment(t, { name: "Dee", body: "Another one.", approve: false });
    await admin(200, "POST", "/v1/admin/comments/bulk", { ids: [other.comment.id, "nope"], action: "approve" });
    await admin(400, "POST", "/v1/admin/comments/bulk", { ids: [], action: "approve" });
    await admin(200, "POST", "/v1/admin/comments/erase-author", { email: "spam@spam.example" });
    await admin(400, "POST", "/v1/admin/comments/erase-author", { email: "nobody" });
    await admin(204, "DELETE", `/v1/admin/comments/${other.comment.id}`);
    await admin(404, "DELETE", "/v1/admin/comments/nope");
    const mine = await postComment(t, { name: "Eve", body: "Mine to delete." });
    await go(204, "DELETE", `/v1/comments/${mine.comment.id}`, undefined, {
      Authorization: `Bearer ${mine.editToken}`,
    });
    await go(403, "DELETE", `/v1/comments/${id}`, undefined, { Authorization: "Bearer wrong" });
    await admin(200, "GET", "/v1/admin/comments/audit?limit=5");
    await admin(400, "GET", "/v1/admin/comments/audit?limit=0");

    // Moderators' tokens (owner only).
    const mods = "/v1/admin/comments/moderators";
    const made = (await (await admin(201, "POST", mods, { name: "Alice" })).json()) as { token: string };
    await admin(400, "POST", mods, { name: "" });
    await admin(409, "POST", mods, { name: "Alice" });
    await admin(200, "GET", mods);
    await go(403, "GET", mods, undefined, { Authorization: `Bearer ${made.token}` });
    await admin(201, "POST", `${mods}/Alice/rotate`);
    await admin(204, "DELETE", `${mods}/Alice`);
    await admin(404, "DELETE", `${mods}/Nobody`);

    // Readers' rights: the form, the request, the mailed links' pages and buttons.
    await go(200, "GET", "/comments/me", undefined, html);
    await go(202, "POST", "/v1/comments/me/requests", { email: "ann@example.com", action: "export" });
    await go(400, "POST", "/v1/comments/me/requests", { email: "ann", action: "burn" });
    await t.deliver();
    const exportLink = mailed("ann@example.com", "/comments/me/export");
    await go(200, "GET", exportLink, undefined, html);
    await go(400, "GET", "/comments/me/export?token=forged", undefined, html);
    await form(200, "/comments/me/export", { token: tokenOf(exportLink) });
    await form(400, "/comments/me/export", { token: "forged" });
    await go(202, "POST", "/v1/comments/me/requests", { email: "ann@example.com", action: "erase" });
    await t.deliver();
    const eraseLink = mailed("ann@example.com", "/comments/me/erase");
    await go(200, "GET", eraseLink, undefined, html);
    await form(200, "/comments/me/erase", { token: tokenOf(eraseLink) });
    await form(400, "/comments/me/erase", { token: tokenOf(eraseLink) });

    // Operations.
    await go(200, "GET", "/healthz");
    await go(200, "GET", "/metrics");

    const { statuses, problems, unexercised } = outcome();
    expect(statuses).toEqual([]);
    expect(problems).toEqual([]);
    expect(unexercised).toEqual([]);
  });
});
