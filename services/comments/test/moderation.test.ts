import { describe, expect, it } from "vitest";
import { ADMIN_TOKEN, createTestApp, postComment, storedRow } from "./helpers.ts";

describe("the moderation queue", () => {
  it("lists held comments oldest first with status, uri, email and flags", async () => {
    const t = await createTestApp();
    const a = await postComment(t, { body: "first", email: "a@example.com", approve: false });
    t.clock.advance(1000);
    const b = await postComment(t, { body: "Email me at bob@example.com", approve: false });
    const res = await t.admin("GET", "/v1/admin/comments?status=pending");
    expect(res.status).toBe(200);
    const { comments, nextCursor } = await res.json();
    expect(comments.map((c: any) => c.id)).toEqual([a.comment.id, b.comment.id]);
    expect(comments[0]).toMatchObject({
      status: "pending",
      uri: "/blog/post",
      author: { email: "a@example.com" },
      flags: [],
    });
    expect(comments[1].flags).toContain("contact_details");
    expect(nextCursor).toBeNull();
  });

  it("pages the queue and searches it", async () => {
    const t = await createTestApp();
    for (let i = 0; i < 5; i++) {
      t.clock.advance(1000);
      await postComment(t, { body: i === 3 ? "about magnesium" : `plain ${i}`, approve: false });
    }
    const p1 = await (await t.admin("GET", "/v1/admin/comments?limit=2")).json();
    const p2 = await (await t.admin("GET", `/v1/admin/comments?limit=2&cursor=${p1.nextCursor}`)).json();
    const p3 = await (await t.admin("GET", `/v1/admin/comments?limit=2&cursor=${p2.nextCursor}`)).json();
    expect([p1.comments.length, p2.comments.length, p3.comments.length, p3.nextCursor]).toEqual([2, 2, 1, null]);
    const found = await (await t.admin("GET", "/v1/admin/comments?q=MAGNES")).json();
    expect(found.comments).toHaveLength(1);
    expect((await t.admin("GET", "/v1/admin/comments?status=unknown")).status).toBe(400);
  });

  it("approves, rejects and marks spam; a second approve changes nothing", async () => {
    const t = await createTestApp();
    const c = await postComment(t, { approve: false });
    const first = await t.admin("POST", `/v1/admin/comments/${c.comment.id}/approve`);
    expect(first.status).toBe(200);
    const approved = await first.json();
    expect(approved).toMatchObject({ id: c.comment.id, status: "approved" });
    expect(approved.comment.status).toBe("approved");
    const etag = (await t.call("GET", "/v1/comments?uri=/blog/post")).headers.get("etag") as string;
    const second = await t.admin("POST", `/v1/admin/comments/${c.comment.id}/approve`, {});
    expect(second.status).toBe(200);
    const unchanged = await t.call("GET", "/v1/comments?uri=/blog/post", undefined, { "If-None-Match": etag });
    expect(unchanged.status).toBe(304);
    expect((await (await t.admin("POST", `/v1/admin/comments/${c.comment.id}/reject`)).json()).status).toBe("rejected");
    expect((await (await t.admin("POST", `/v1/admin/comments/${c.comment.id}/spam`)).json()).status).toBe("spam");
    expect((await (await t.admin("GET", "/v1/admin/comments?status=spam")).json()).comments).toHaveLength(1);
  });

  it("answers 404 to an action on an unknown comment", async () => {
    const t = await createTestApp();
    const res = await t.admin("POST", "/v1/admin/comments/01UNKNOWN/approve");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
  });

  it("acts on many comments at once and names the missing ones", async () => {
    const t = await createTestApp();
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await postComment(t, { approve: false })).comment.id);
    const res = await t.admin("POST", "/v1/admin/comments/bulk", { ids: [...ids, "01MISSING"], action: "approve" });
    expect(await res.json()).toEqual({ updated: 3, missing: ["01MISSING"] });
    const again = await t.admin("POST", "/v1/admin/comments/bulk", { ids, action: "approve" });
    expect((await again.json()).updated).toBe(0);
    expect((await (await t.call("GET", "/v1/counts?uri=/blog/post")).json()).counts["/blog/post"]).toBe(3);
    const del = await t.admin("POST", "/v1/admin/comments/bulk", { ids: ids.slice(0, 2), action: "delete" });
    expect((await del.json()).updated).toBe(2);
    expect((await (await t.call("GET", "/v1/counts?uri=/blog/post")).json()).counts["/blog/post"]).toBe(1);
    const bad = await t.admin("POST", "/v1/admin/comments/bulk", { ids: [], action: "burn" });
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors.map((e: any) => e.path).sort()).toEqual(["action", "ids"]);
  });

  it("deletes a comment, keeping a stub while it has replies", async () => {
    const t = await createTestApp();
    const c = await postComment(t);
    await postComment(t, { parentId: c.comment.id });
    expect((await t.admin("DELETE", `/v1/admin/comments/${c.comment.id}`)).status).toBe(204);
    const thread = await (await t.call("GET", "/v1/comments?uri=/blog/post")).json();
    expect(thread.comments[0].author.name).toBe("[deleted]");
    expect((await t.admin("DELETE", `/v1/admin/comments/${c.comment.id}`)).status).toBe(404);
  });

  it("replies as the moderator, approved at once", async () => {
    const t = await createTestApp({ MODERATOR_NAME: "Dr. Kim" });
    const c = await postComment(t);
    const res = await t.admin("POST", `/v1/admin/comments/${c.comment.id}/reply`, { body: "Thanks for asking." });
    expect(res.status).toBe(201);
    const reply = await res.json();
    expect(reply).toMatchObject({
      status: "approved",
      parentId: c.comment.id,
      author: { name: "Dr. Kim", isModerator: true },
    });
    const thread = await (await t.call("GET", "/v1/comments?uri=/blog/post")).json();
    expect(thread.comments[0].replies[0]).toMatchObject({ id: reply.id, author: { isModerator: true } });
    expect((await t.admin("POST", `/v1/admin/comments/${c.comment.id}/reply`, { body: "" })).status).toBe(400);
    expect((await t.admin("POST", "/v1/admin/comments/01NOPE/reply", { body: "x" })).status).toBe(404);
  });
});

describe("admin authentication", () => {
  const spellings = [
    ["GET", "/v1/admin/comments"],
    ["POST", "/v1/admin/comments/01X/approve"],
    ["DELETE", "/v1/admin/comments/01X"],
    ["GET", "/v1/admin/no-such-thing"],
    ["GET", "/v1/admin"],
    ["GET", "/V1/Admin/comments"],
    ["GET", "/v1//admin/comments"],
    ["GET", "/v1/%61dmin/comments"],
    ["GET", "/v1/x/../admin/comments"],
    ["PUT", "/v1/admin/comments"],
  ];

  it.each(spellings)("answers %s %s with 401 and WWW-Authenticate without a token", async (method, path) => {
    const t = await createTestApp();
    const res = await t.call(method, path);
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
  });

  it("refuses a wrong token, another scheme, and a near miss", async () => {
    const t = await createTestApp();
    for (const header of [
      `Bearer ${ADMIN_TOKEN}x`,
      `Basic ${ADMIN_TOKEN}`,
      "Bearer",
      `Bearer ${ADMIN_TOKEN.slice(0, -1)}`,
    ]) {
      const res = await t.call("GET", "/v1/admin/comments", undefined, { Authorization: header });
      expect(res.status).toBe(401);
    }
  });

  it("changes nothing for an unauthenticated action", async () => {
    const t = await createTestApp();
    const c = await postComment(t, { approve: false });
    expect((await t.call("POST", `/v1/admin/comments/${c.comment.id}/approve`)).status).toBe(401);
    expect((await storedRow(t, c.comment.id))?.status).toBe("pending");
  });
});
