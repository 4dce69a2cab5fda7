import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { createTestApp, postComment } from "./helpers.ts";

type Thread = { uri: string; total: number; comments: any[]; nextCursor: string | null };
const read = async (t: Awaited<ReturnType<typeof createTestApp>>, query: string) => {
  const res = await t.call("GET", `/v1/comments?${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as Thread;
};

describe("reading a thread", () => {
  it("shows an unknown page as an empty thread, not a 404", async () => {
    const t = await createTestApp();
    expect(await read(t, "uri=/blog/nobody-yet")).toEqual({
      uri: "/blog/nobody-yet",
      total: 0,
      closed: false,
      comments: [],
      nextCursor: null,
    });
  });

  it("normalises the uri: origin, query, fragment and trailing slash do not matter", async () => {
    const t = await createTestApp();
    await postComment(t, { uri: "/blog/a" });
    const thread = await read(t, `uri=${encodeURIComponent("https://blog.example/blog/a/?utm=x#c")}`);
    expect(thread.uri).toBe("/blog/a");
    expect(thread.total).toBe(1);
  });

  it("shows only approved comments, with replies nested oldest first", async () => {
    const t = await createTestApp();
    const a = await postComment(t, { body: "first" });
    await postComment(t, { body: "held", approve: false });
    t.clock.advance(1000);
    const r2 = await postComment(t, { body: "reply two", parentId: a.comment.id });
    t.clock.advance(-500);
    const r1 = await postComment(t, { body: "reply one", parentId: a.comment.id });
    const thread = await read(t, "uri=/blog/post");
    expect(thread.total).toBe(3);
    expect(thread.comments).toHaveLength(1);
    expect(thread.comments[0].html).toContain("first");
    expect(thread.comments[0].replies.map((r: any) => r.id)).toEqual([r1.comment.id, r2.comment.id]);
    expect(thread.comments[0].replies[0]).toMatchObject({
      parentId: a.comment.id,
      author: { name: "Ann", website: null, isModerator: false },
    });
    expect(JSON.stringify(thread)).not.toContain("@");
  });

  it("nests replies to the configured depth and attaches deeper ones to the deepest level", async () => {
    const t = await createTestApp({ REPLY_DEPTH: 2 });
    let parent = (await postComment(t, { body: "level 0" })).comment.id;
    const ids = [parent];
    for (let level = 1; level <= 4; level++) {
      t.clock.advance(1000);
      parent = (await postComment(t, { body: `level ${level}`, parentId: parent })).comment.id;
      ids.push(parent);
    }
    const [top] = (await read(t, "uri=/blog/post")).comments;
    const l1 = top.replies[0];
    const l2 = l1.replies[0];
    expect(l2.id).toBe(ids[2]);
    expect(l2.replies.map((r: any) => r.id)).toEqual([ids[3], ids[4]]);
    expect(l2.replies.every((r: any) => r.replies.length === 0)).toBe(true);
  });

  it("pages top-level comments with a cursor, oldest or newest first", async () => {
    const t = await createTestApp();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      t.clock.advance(1000);
      ids.push((await postComment(t, { body: `c${i}` })).comment.id);
    }
    const p1 = await read(t, "uri=/blog/post&limit=2");
    expect(p1.comments.map((c) => c.id)).toEqual(ids.slice(0, 2));
    expect(p1.total).toBe(5);
    const p2 = await read(t, `uri=/blog/post&limit=2&cursor=${p1.nextCursor}`);
    expect(p2.comments.map((c) => c.id)).toEqual(ids.slice(2, 4));
    const p3 = await read(t, `uri=/blog/post&limit=2&cursor=${p2.nextCursor}`);
    expect(p3.comments.map((c) => c.id)).toEqual(ids.slice(4));
    expect(p3.nextCursor).toBeNull();
    const newest = await read(t, "uri=/blog/post&sort=newest&limit=3");
    expect(newest.comments.map((c) => c.id)).toEqual(ids.slice(2).reverse());
    const newest2 = await read(t, `uri=/blog/post&sort=newest&limit=3&cursor=${newest.nextCursor}`);
    expect(newest2.comments.map((c) => c.id)).toEqual(ids.slice(0, 2).reverse());
  });

  it("clamps a limit over 100 and refuses bad query values by name", async () => {
    const t = await createTestApp();
    expect((await t.call("GET", "/v1/comments?uri=/a&limit=5000")).status).toBe(200);
    const res = await t.call("GET", "/v1/comments?uri=nopath&sort=sideways&limit=-1&cursor=***");
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    const body = await res.json();
    expect(body.errors.map((e: any) => e.path).sort()).toEqual(["cursor", "limit", "sort", "uri"]);
    expect((await t.call("GET", "/v1/comments")).status).toBe(400);
  });

  it("answers 304 to a client that already has the thread, until the thread changes", async () => {
    const t = await createTestApp();
    await postComment(t);
    const first = await t.call("GET", "/v1/comments?uri=/blog/post");
    const etag = first.headers.get("etag") as string;
    expect(etag).toBeTruthy();
    const again = await t.call("GET", "/v1/comments?uri=/blog/post", undefined, { "If-None-Match": etag });
    expect(again.status).toBe(304);
    await postComment(t, { body: "news" });
    const changed = await t.call("GET", "/v1/comments?uri=/blog/post", undefined, { "If-None-Match": etag });
    expect(changed.status).toBe(200);
    expect(((await changed.json()) as Thread).total).toBe(2);
  });

  it("compresses a large thread for clients that take it, brotli first, the same JSON once unpacked", async () => {
    const t = await createTestApp();
    for (let i = 0; i < 12; i++) await postComment(t, { body: `Comment ${i}: ${"about sleep and salt ".repeat(8)}` });
    const get = (encoding?: string) =>
      t.call("GET", "/v1/comments?uri=/blog/post", undefined, encoding ? { "Accept-Encoding": encoding } : {});
    const plainRes = await get();
    expect(plainRes.headers.get("content-encoding")).toBeNull();
    expect(plainRes.headers.get("vary")).toBe("Accept-Encoding");
    const plain = Buffer.from(await plainRes.arrayBuffer());
    expect(plain.length).toBeGreaterThan(1024);
    for (let i = 0; i < 2; i++) {
      const br = await get("gzip, deflate, br");
      expect(br.headers.get("content-encoding")).toBe("br");
      const packed = Buffer.from(await br.arrayBuffer());
      expect(packed.length).toBeLessThan(plain.length / 3);
      expect(brotliDecompressSync(packed).equals(plain)).toBe(true);
    }
    const gz = await get("gzip");
    expect(gz.headers.get("content-encoding")).toBe("gzip");
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).equals(plain)).toBe(true);
    const etag = String(plainRes.headers.get("etag"));
    const notModified = await t.call("GET", "/v1/comments?uri=/blog/post", undefined, {
      "Accept-Encoding": "br",
      "If-None-Match": etag,
    });
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get("vary")).toBe("Accept-Encoding");
    // A small answer goes out as it is.
    const small = await t.call("GET", "/v1/comments?uri=/blog/empty", undefined, { "Accept-Encoding": "br" });
    expect(small.headers.get("content-encoding")).toBeNull();
  });

  it("hides replies under a comment that is not approved, and does not count them", async () => {
    const t = await createTestApp();
    const parent = await postComment(t);
    const reply = await postComment(t, { parentId: parent.comment.id, body: "reply" });
    await t.admin("POST", `/v1/admin/comments/${parent.comment.id}/reject`);
    const thread = await read(t, "uri=/blog/post");
    expect(thread).toMatchObject({ total: 0, comments: [] });
    expect((await t.call("GET", `/v1/comments/${reply.comment.id}`)).status).toBe(404);
    const counts = await (await t.call("GET", "/v1/counts?uri=/blog/post")).json();
    expect(counts).toEqual({ counts: { "/blog/post": 0 } });
  });
});

describe("counts", () => {
  it("gives the same number as the thread's total for many pages at once", async () => {
    const t = await createTestApp();
    const a = await postComment(t, { uri: "/a" });
    await postComment(t, { uri: "/a", parentId: a.comment.id });
    await postComment(t, { uri: "/b" });
    await postComment(t, { uri: "/b", approve: false });
    const res = await t.call("GET", "/v1/counts?uri=/a&uri=/b/&uri=/c");
    expect(await res.json()).toEqual({ counts: { "/a": 2, "/b": 1, "/c": 0 } });
    expect((await read(t, "uri=/a")).total).toBe(2);
  });

  it("count what another connection to the store wrote since they were last asked (a second instance, the CLI)", async () => {
    const t = await createTestApp({ MODERATION: "flagged" });
    const other = await createTestApp({ MODERATION: "flagged" }, { shareStoreWith: t });
    const count = async () =>
      ((await (await t.call("GET", "/v1/counts?uri=/a&uri=/b")).json()) as { counts: Record<string, number> }).counts;
    await postComment(t, { uri: "/a" });
    expect(await count()).toEqual({ "/a": 1, "/b": 0 });
    expect(await count()).toEqual({ "/a": 1, "/b": 0 });
    await postComment(other, { uri: "/b" });
    expect(await count()).toEqual({ "/a": 1, "/b": 1 });
    await postComment(t, { uri: "/b" });
    expect(await count()).toEqual({ "/a": 1, "/b": 2 });
  });

  it("counts comments published at once as a recount would: not under a rejected ancestor, yes under a deleted one", async () => {
    const t = await createTestApp({ MODERATION: "flagged" });
    const counted = async () => {
      const counts = (await (await t.call("GET", "/v1/counts?uri=/blog/post")).json()) as {
        counts: Record<string, number>;
      };
      const total = (await read(t, "uri=/blog/post")).total;
      expect(counts.counts["/blog/post"]).toBe(total);
      return total;
    };
    const a = await postComment(t);
    const b = await postComment(t, { parentId: a.comment.id });
    const c = await postComment(t, { parentId: b.comment.id });
    expect(b.comment.status).toBe("approved");
    expect(await counted()).toBe(3);
    const auth = { Authorization: `Bearer ${a.editToken}` };
    expect((await t.call("DELETE", `/v1/comments/${a.comment.id}`, undefined, auth)).status).toBe(204);
    expect(await counted()).toBe(2);
    await postComment(t, { parentId: b.comment.id }); // under a deleted stub: shown and counted
    expect(await counted()).toBe(3);
    expect((await t.admin("POST", `/v1/admin/comments/${b.comment.id}/reject`)).status).toBe(200);
    expect(await counted()).toBe(0);
    const hidden = await postComment(t, { parentId: c.comment.id }); // its grandparent is rejected: hidden
    expect(hidden.comment.status).toBe("approved");
    expect(await counted()).toBe(0);
    await postComment(t);
    expect(await counted()).toBe(1);
  });

  it("takes up to 100 uris and refuses more, or none", async () => {
    const t = await createTestApp();
    const q = (n: number) => Array.from({ length: n }, (_, i) => `uri=/p${i}`).join("&");
    expect((await t.call("GET", `/v1/counts?${q(100)}`)).status).toBe(200);
    expect((await t.call("GET", `/v1/counts?${q(101)}`)).status).toBe(400);
    expect((await t.call("GET", "/v1/counts")).status).toBe(400);
  });
});

describe("permalink", () => {
  it("returns an approved comment with its page and a cursor that opens the page holding it", async () => {
    const t = await createTestApp();
    const ids: string[] = [];
    for (let i = 0; i < 25; i++) {
      t.clock.advance(1000);
      ids.push((await postComment(t, { body: `c${i}` })).comment.id);
    }
    const reply = await postComment(t, { parentId: ids[22], body: "deep link" });
    const res = await t.call("GET", `/v1/comments/${reply.comment.id}`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ uri: "/blog/post", comment: { id: reply.comment.id, parentId: ids[22] } });
    const page = await read(t, `uri=/blog/post&cursor=${body.cursor}`);
    expect(page.comments[0].id).toBe(ids[22]);
    expect(page.comments[0].replies[0].id).toBe(reply.comment.id);
  });

  it("is a 404 for pending, unknown and malformed ids", async () => {
    const t = await createTestApp();
    const held = await postComment(t, { approve: false });
    for (const id of [held.comment.id, "01NOPE", "%00"]) {
      const res = await t.call("GET", `/v1/comments/${id}`);
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
    }
  });
});
