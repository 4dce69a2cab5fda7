import { describe, expect, it } from "vitest";
import { createTestApp, postComment, rowCount, type TestApp } from "./helpers.ts";

const thread = async (t: TestApp, uri = "/blog/post") =>
  (await t.call("GET", `/v1/comments?uri=${encodeURIComponent(uri)}`)).json();
const post = (t: TestApp, uri = "/blog/post", parentId?: string) =>
  t.call("POST", "/v1/comments", { uri, parentId, author: { name: "Ann" }, body: "Late to the party." });

describe("closing a thread", () => {
  it("refuses new comments with a 409 problem+json, keeps the old ones, and reopening allows them again", async () => {
    const t = await createTestApp();
    const c = await postComment(t);
    const before = await t.call("GET", "/v1/comments?uri=/blog/post");
    const etag = before.headers.get("etag") as string;
    expect((await before.json()).closed).toBe(false);

    const close = await t.admin("POST", "/v1/admin/comments/threads/close", { uri: "https://blog.example/blog/post/" });
    expect(close.status).toBe(200);
    expect(await close.json()).toMatchObject({ uri: "/blog/post", closed: true, reason: "moderator" });

    const refused = await post(t);
    expect(refused.status).toBe(409);
    expect(refused.headers.get("content-type")).toContain("application/problem+json");
    expect((await refused.json()).detail).toMatch(/closed/);
    expect((await post(t, "/blog/post", c.comment.id)).status).toBe(409);
    expect((await t.admin("GET", "/v1/admin/comments?status=pending")).status).toBe(200);
    expect((await (await t.admin("GET", "/v1/admin/comments?status=pending")).json()).comments).toEqual([]);

    // Readers see it closed (a new ETag: a cached "open" answer is stale), with the comments still there.
    const closed = await t.call("GET", "/v1/comments?uri=/blog/post", undefined, { "If-None-Match": etag });
    expect(closed.status).toBe(200);
    expect(await closed.json()).toMatchObject({ closed: true, total: 1, comments: [{ id: c.comment.id }] });
    // Another page is not affected.
    expect((await post(t, "/blog/other")).status).toBe(201);

    const reopen = await t.admin("POST", "/v1/admin/comments/threads/reopen", { uri: "/blog/post" });
    expect(await reopen.json()).toMatchObject({ closed: false });
    expect((await post(t)).status).toBe(201);
    expect((await thread(t)).closed).toBe(false);
  });

  it("sends a reader without JavaScript back to the page with ?parlor=closed, storing nothing", async () => {
    const t = await createTestApp();
    await t.admin("POST", "/v1/admin/comments/threads/close", { uri: "/blog/post" });
    const res = await t.call(
      "POST",
      "/v1/comments",
      new URLSearchParams({ uri: "/blog/post", name: "Ann", body: "From a plain form." }).toString(),
      {
        "Content-Type": "application/x-www-form-urlencoded",
        Accept: "text/html",
        Referer: "https://blog.example/blog/post",
      },
    );
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("https://blog.example/blog/post?parlor=closed#comments");
    expect(await rowCount(t)).toBe(0);
  });

  it("closes a page nobody has commented on yet", async () => {
    const t = await createTestApp();
    await t.admin("POST", "/v1/admin/comments/threads/close", { uri: "/blog/quiet" });
    expect(await thread(t, "/blog/quiet")).toMatchObject({ closed: true, total: 0 });
    expect((await post(t, "/blog/quiet")).status).toBe(409);
  });

  it("closes by itself AUTO_CLOSE_AFTER its first published comment, unless a moderator reopens it", async () => {
    const t = await createTestApp({ AUTO_CLOSE_AFTER: 30 * 86_400_000 });
    expect((await post(t)).status).toBe(201); // pending comments do not start the clock
    t.clock.advance(40 * 86_400_000);
    expect((await thread(t)).closed).toBe(false);
    await postComment(t);
    const state = await (await t.admin("GET", "/v1/admin/comments/threads?uri=/blog/post")).json();
    expect(state).toMatchObject({
      closed: false,
      autoClosesAt: new Date(t.clock.now().getTime() + 30 * 86_400_000).toISOString(),
    });

    t.clock.advance(29 * 86_400_000);
    expect((await post(t)).status).toBe(201);
    t.clock.advance(2 * 86_400_000);
    expect((await thread(t)).closed).toBe(true);
    expect((await post(t)).status).toBe(409);
    expect(await (await t.admin("GET", "/v1/admin/comments/threads?uri=/blog/post")).json()).toMatchObject({
      closed: true,
      reason: "auto",
    });

    await t.admin("POST", "/v1/admin/comments/threads/reopen", { uri: "/blog/post" });
    expect((await post(t)).status).toBe(201);
    expect((await thread(t)).closed).toBe(false);
  });

  it("refuses a bad uri with a 400 and needs the admin token", async () => {
    const t = await createTestApp();
    const bad = await t.admin("POST", "/v1/admin/comments/threads/close", { uri: "" });
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors[0].path).toBe("uri");
    expect((await t.call("POST", "/v1/admin/comments/threads/close", { uri: "/blog/post" })).status).toBe(401);
    expect((await post(t)).status).toBe(201);
  });
});
