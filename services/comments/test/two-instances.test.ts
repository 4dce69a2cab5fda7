import { describe, expect, it } from "vitest";
import { createTestApp, ENGINE, postComment } from "./helpers.ts";

// Two app instances on one database: what several processes behind a load balancer share. PostgreSQL only:
// better-sqlite3 waits for a lock synchronously, so two SQLite connections in ONE process block each other's
// event loop; scale-out is the PostgreSQL path, and SQLite is one process per file.
describe.skipIf(ENGINE !== "postgres")("two instances on one PostgreSQL database", () => {
  it("share a client's rate limit, so it does not double", async () => {
    const limit = { RATE_LIMIT: { points: 3, windowMs: 600_000 } };
    const a = await createTestApp(limit);
    const b = await createTestApp(limit, { shareStoreWith: a });
    const post = (t: typeof a) =>
      t.call(
        "POST",
        "/v1/comments",
        { uri: "/x", author: { name: "A" }, body: "hi" },
        { "X-Forwarded-For": "198.51.100.9" },
      );
    const statuses = [];
    for (const t of [a, b, a, b, a]) statuses.push((await post(t)).status);
    expect(statuses).toEqual([201, 201, 201, 429, 429]);
  });

  it("count every comment when both post to one page at once", async () => {
    const a = await createTestApp({ MODERATION: "flagged" });
    const b = await createTestApp({ MODERATION: "flagged" }, { shareStoreWith: a });
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? a : b).call("POST", "/v1/comments", { uri: "/busy", author: { name: `R${i}` }, body: `c${i}` }),
      ),
    );
    const counts = await (await b.call("GET", "/v1/counts?uri=/busy")).json();
    const thread = await (await a.call("GET", "/v1/comments?uri=/busy&limit=100")).json();
    expect(counts.counts["/busy"]).toBe(20);
    expect(thread.total).toBe(20);
    expect(thread.comments).toHaveLength(20);
  });

  it("apply one approval once when both moderators act at the same moment", async () => {
    const a = await createTestApp();
    const b = await createTestApp({}, { shareStoreWith: a });
    const parent = await postComment(a);
    const reply = await postComment(a, { parentId: parent.comment.id, approve: false });
    const before = await a.db
      .selectFrom("comment_thread")
      .select("version")
      .where("uri", "=", "/blog/post")
      .executeTakeFirst();
    const results = await Promise.all(
      [a, b, a, b].map((t) => t.admin("POST", `/v1/admin/comments/${reply.comment.id}/approve`)),
    );
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    const after = await a.db
      .selectFrom("comment_thread")
      .select("version")
      .where("uri", "=", "/blog/post")
      .executeTakeFirst();
    expect(Number(after?.version) - Number(before?.version)).toBe(1);
  });
});
