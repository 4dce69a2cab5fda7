import { describe, expect, it } from "vitest";
import { createTestApp, postComment, storedRow } from "./helpers.ts";

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

describe("editing and deleting your own comment", () => {
  it("edits within the window and shows the change with editedAt", async () => {
    // Published at once under MODERATION=flagged; under MODERATION=all an edit waits (edit-review.test.ts).
    const t = await createTestApp({ MODERATION: "flagged" });
    const c = await postComment(t, { body: "typo teh" });
    t.clock.advance(5 * 60_000);
    const res = await t.call("PATCH", `/v1/comments/${c.comment.id}`, { body: "typo fixed" }, auth(c.editToken));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.comment.html).toContain("typo fixed");
    expect(body.editedAt).not.toBeNull();
    const thread = await (await t.call("GET", "/v1/comments?uri=/blog/post")).json();
    expect(thread.comments[0].html).toContain("typo fixed");
  });

  it("refuses an edit after the window with 403, and leaves the comment as it was", async () => {
    const t = await createTestApp();
    const c = await postComment(t, { body: "original" });
    t.clock.advance(16 * 60_000);
    const res = await t.call("PATCH", `/v1/comments/${c.comment.id}`, { body: "too late" }, auth(c.editToken));
    expect(res.status).toBe(403);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect((await storedRow(t, c.comment.id))?.body).toBe("original");
    expect((await t.call("DELETE", `/v1/comments/${c.comment.id}`, undefined, auth(c.editToken))).status).toBe(403);
  });

  it("honours a configured edit window", async () => {
    const t = await createTestApp({ EDIT_WINDOW: 60_000 });
    const c = await postComment(t);
    t.clock.advance(61_000);
    expect((await t.call("PATCH", `/v1/comments/${c.comment.id}`, { body: "x" }, auth(c.editToken))).status).toBe(403);
  });

  it("refuses another comment's token, and no token at all, with 403", async () => {
    const t = await createTestApp();
    const mine = await postComment(t);
    const theirs = await postComment(t);
    expect(
      (await t.call("PATCH", `/v1/comments/${theirs.comment.id}`, { body: "hijack" }, auth(mine.editToken))).status,
    ).toBe(403);
    expect((await t.call("PATCH", `/v1/comments/${theirs.comment.id}`, { body: "hijack" })).status).toBe(403);
    expect((await storedRow(t, theirs.comment.id))?.body).not.toBe("hijack");
  });

  it("answers 404 for an unknown comment and 400 for an empty body", async () => {
    const t = await createTestApp();
    const c = await postComment(t);
    expect((await t.call("PATCH", "/v1/comments/01UNKNOWN", { body: "x" }, auth(c.editToken))).status).toBe(404);
    const bad = await t.call("PATCH", `/v1/comments/${c.comment.id}`, { body: "" }, auth(c.editToken));
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors[0].path).toBe("body");
  });

  it("sends an edit that trips a flag back to the queue", async () => {
    const t = await createTestApp({ MODERATION: "flagged" });
    const c = await postComment(t, { body: "Nice article." });
    expect(c.comment.status).toBe("approved");
    const res = await t.call(
      "PATCH",
      `/v1/comments/${c.comment.id}`,
      { body: "Call me at 555-123-4567" },
      auth(c.editToken),
    );
    expect((await res.json()).status).toBe("pending");
    const row = await storedRow(t, c.comment.id);
    expect(row?.status).toBe("pending");
    expect(row?.flags).toContain("contact_details");
    expect((await (await t.call("GET", "/v1/comments?uri=/blog/post")).json()).total).toBe(0);
  });

  it("deletes a comment without replies from the thread entirely", async () => {
    const t = await createTestApp();
    const c = await postComment(t);
    expect((await t.call("DELETE", `/v1/comments/${c.comment.id}`, undefined, auth(c.editToken))).status).toBe(204);
    expect(await (await t.call("GET", "/v1/comments?uri=/blog/post")).json()).toMatchObject({ total: 0, comments: [] });
    expect((await t.call("GET", `/v1/comments/${c.comment.id}`)).status).toBe(404);
  });

  it("leaves a [deleted] stub when the comment has replies, and erases its text and email", async () => {
    const t = await createTestApp();
    const c = await postComment(t, { body: "secret text", email: "me@example.com" });
    const reply = await postComment(t, { parentId: c.comment.id, body: "a reply" });
    expect((await t.call("DELETE", `/v1/comments/${c.comment.id}`, undefined, auth(c.editToken))).status).toBe(204);
    const thread = await (await t.call("GET", "/v1/comments?uri=/blog/post")).json();
    expect(thread.total).toBe(1);
    expect(thread.comments[0]).toMatchObject({ id: c.comment.id, html: "", author: { name: "[deleted]" } });
    expect(thread.comments[0].replies[0].id).toBe(reply.comment.id);
    const row = await storedRow(t, c.comment.id);
    expect(row).toMatchObject({ body: "", html: "", author_email: null });
  });
});
