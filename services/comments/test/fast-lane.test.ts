import { type Answer, bothRoads, send as get, postJson, sameAside } from "@parlor/kit/testing/fast-lanes";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { createTestApp, ENGINE, postComment } from "./helpers.ts";

// The thread read, counts and a JSON client's comment post have a fast lane (fastRead, fastPost) that answers straight from node's request; everything
// else, and whatever the lane is unsure of, goes through Hono. Both roads must give the same answer, byte for byte.
const post = (port: number, body: string | Buffer, headers: Record<string, string> = {}) =>
  postJson(port, "/v1/comments", body, headers);

const THREAD = "/v1/comments?uri=%2Fblog%2Fpost&limit=50";

describe("the fast lane", () => {
  it("answers the thread read, its 304 and counts as Hono does, byte for byte, without Hono", async () => {
    const t = await createTestApp({ MODERATION: "flagged" });
    const first = await postComment(t, { body: "First, with **markdown** and a [link](https://example.org)." });
    for (let i = 0; i < 4; i++) await postComment(t, { body: `Reply ${i}. `.repeat(40), parentId: first.comment.id });
    await postComment(t, { uri: "/blog/other" });
    const { fast, plain, toHono } = await bothRoads(t);
    const read = await get(plain, THREAD);
    const etag = read.headers[read.headers.indexOf("etag") + 1];
    expect(etag).toMatch(/^"\d+-/);
    const asks: [string, Record<string, string>][] = [
      [THREAD, {}],
      [THREAD, { "if-none-match": etag }],
      [THREAD, { "if-none-match": `"other", ${etag}` }],
      [THREAD, { "if-none-match": '"stale"' }],
      [THREAD, { "accept-encoding": "gzip, deflate, br" }],
      [THREAD, { "accept-encoding": "gzip" }],
      [THREAD, { "x-request-id": "not a plain token!" }],
      ["/v1/comments?uri=/blog/post&sort=newest&limit=2", {}],
      ["/v1/comments?uri=%2Fblog%2Fnobody-yet", {}],
      ["/v1/counts?uri=%2Fblog%2Fpost&uri=/blog/other&uri=/blog/none", {}],
      ["/v1/counts?uri=/blog/post", {}],
    ];
    for (const [path, headers] of asks) {
      const viaHono = await get(plain, path, headers);
      const before = toHono();
      const viaLane = await get(fast, path, headers);
      expect(toHono(), `${path} went through Hono`).toBe(before);
      if (headers["x-request-id"]) {
        // A generated id is the next of one sequence: the same shape, another number.
        const id = (a: Answer) => a.headers[a.headers.indexOf("x-request-id") + 1];
        expect(id(viaLane)).toMatch(/^[a-z0-9]+-[a-z0-9]+$/);
        expect(id(viaLane)).not.toBe(id(viaHono));
        viaLane.headers[viaLane.headers.indexOf("x-request-id") + 1] = id(viaHono);
      }
      expect({ path, ...viaLane }).toEqual({ path, ...viaHono });
    }
    expect((await get(fast, THREAD, { "if-none-match": etag })).status).toBe(304);
    const metrics = await (await t.call("GET", "/metrics")).text();
    expect(metrics).toMatch(/http_requests_total\{[^}]*method="GET",route="\/v1\/comments",status="304"[^}]*\} [1-9]/);
  });

  it("leaves to Hono what it cannot answer the same way, which Hono then answers", async () => {
    const t = await createTestApp();
    await postComment(t);
    const { fast, plain, toHono } = await bothRoads(t);
    const asks: [string, Record<string, string>, string?][] = [
      ["/v1/comments?uri=", {}], // refused by the schema: a 400 naming the field
      ["/v1/comments?uri=/blog/post&cursor=nonsense", {}], // refused by the reader
      ["/v1/comments?uri=/blog/post&limit=5'", {}], // a query @hono/node-server rewrites
      ["/v1/comments?uri=/blog/post", { host: "Blog.Example" }],
      ["/v1/comments?uri=/blog/post", {}, "HEAD"],
      ["/v1/comments/", {}],
      ["/v1/counts", {}],
    ];
    for (const [path, headers, method] of asks) {
      const before = toHono();
      const viaLane = await get(fast, path, headers, method);
      expect(toHono(), `${method ?? "GET"} ${path} ${JSON.stringify(headers)}`).toBe(before + 1);
      expect(viaLane).toEqual(await get(plain, path, headers, method));
    }
    expect((await get(fast, "/v1/comments?uri=")).body.toString()).toContain('"path":"uri"');
  });

  it("answers fresh at once after a write, by this process or another connection", async () => {
    const t = await createTestApp({ MODERATION: "flagged" });
    await postComment(t);
    const { fast } = await bothRoads(t);
    const read = async () => {
      const a = await get(fast, THREAD);
      return { etag: a.headers[a.headers.indexOf("etag") + 1], thread: JSON.parse(a.body.toString()) };
    };
    const counts = async () => JSON.parse((await get(fast, "/v1/counts?uri=/blog/post")).body.toString()).counts;
    const one = await read();
    expect(one.thread.total).toBe(1);
    expect(await counts()).toEqual({ "/blog/post": 1 });
    // A post through this process: the next read, its 304 check and the counts see it.
    await postComment(t, { body: "Second." });
    const two = await read();
    expect(two.thread.total).toBe(2);
    expect(two.etag).not.toBe(one.etag);
    expect((await get(fast, THREAD, { "if-none-match": one.etag })).status).toBe(200);
    expect(await counts()).toEqual({ "/blog/post": 2 });
    // A moderator hides one from another connection to the same store (a CLI in another process, another instance).
    const other = (await createTestApp({}, { shareStoreWith: t })).db;
    const hidden = two.thread.comments[1].id as string;
    await other.transaction().execute(async (trx) => {
      await trx.updateTable("comment").set({ status: "rejected" }).where("id", "=", hidden).execute();
      await sql`update comment_thread set version = version + 1, total = total - 1 where uri = '/blog/post'`.execute(
        trx,
      );
    });
    const three = await read();
    expect(three.thread.total).toBe(1);
    expect(three.thread.comments.map((c: { id: string }) => c.id)).not.toContain(hidden);
    expect(await counts()).toEqual({ "/blog/post": 1 });
  });

  it("answers a JSON client's comment post as Hono does, its refusals included, and leaves the rest to Hono", async () => {
    const lines: string[] = [];
    const t = await createTestApp({ MODERATION: "flagged" }, { logLines: lines });
    const first = await postComment(t);
    const { fast, plain, toHono } = await bothRoads(t);
    const comment = (fields: Record<string, unknown> = {}) =>
      JSON.stringify({ uri: "/blog/post", author: { name: "Ann" }, body: "A thoughtful comment.", ...fields });
    // A client address of its own for each post, so that the soft rate limit (which holds a burst) holds none.
    let clients = 0;
    const client = () => ({ "x-forwarded-for": `192.0.2.${++clients}` });
    // Answered by the lane: created (approved, held, with a notice in the reader's language), and refused by the
    // service after the body was read and checked (a 400 naming the field), as the error road answers.
    const answered: [string, Record<string, string>][] = [
      [comment(), {}],
      [comment({ author: { name: "Bo", email: "bo@example.org" }, notifyReplies: true, pageTitle: "A post" }), {}],
      [
        comment({ parentId: first.comment.id, body: "A reply with **markdown** and a [link](https://example.org)." }),
        {},
      ],
      [comment({ body: "Honestly I want to kill myself some days." }), {}],
      [comment({ body: "Honestly I want to kill myself some days." }), { "accept-language": "es-ES,es;q=0.9" }],
      [comment({ body: "Call me at 555-867-5309 any time." }), { accept: "application/json, text/html" }],
      [comment(), { "content-type": "application/json; charset=utf-8" }],
      [comment(), { "content-type": "application/merge-patch+json" }],
      [comment({ parentId: "01JZZZZZZZZZZZZZZZZZZZZZZZ" }), {}],
      [comment(), { "x-request-id": "not a plain token!" }],
      // Values the schema trims and normalises, and an empty optional field (checked by the schema itself).
      [comment({ uri: " https://blog.example/blog/post/?x=1 ", author: { name: "  Ann  " }, body: "  Hi.  " }), {}],
      [comment({ pageTitle: "", author: { name: "Ann", email: " " } }), {}],
    ];
    for (const [body, headers] of answered) {
      const viaHono = await post(plain, body, { ...client(), ...headers });
      const before = toHono();
      const viaLane = await post(fast, body, { ...client(), ...headers });
      expect(toHono(), `${body} ${JSON.stringify(headers)} went through Hono`).toBe(before);
      if (headers["x-request-id"]) {
        const id = (a: Answer) => a.headers[a.headers.indexOf("x-request-id") + 1];
        expect(id(viaLane)).toMatch(/^[a-z0-9]+-[a-z0-9]+$/);
        viaLane.headers[viaLane.headers.indexOf("x-request-id") + 1] = id(viaHono);
      }
      expect({ sent: body, ...sameAside(viaLane) }).toEqual({ sent: body, ...sameAside(viaHono) });
    }
    // Left to Hono, which answers as it would have alone: what the lane does not read (chunked, over the limit,
    // another media type, a client that asks for a page) and what it read and handed over (not JSON, refused by the
    // schema, an empty body).
    const large = comment({ body: "x".repeat(70_000) });
    const handed: [string, Record<string, string>, string][] = [
      [comment(), { "transfer-encoding": "chunked" }, "201"],
      [large, {}, "413"],
      [comment(), { "content-type": "text/plain" }, "415"],
      [comment(), { accept: "text/html" }, "303"],
      ["{not json", {}, "400"],
      [comment({ author: {} }), {}, "400"],
      [comment({ author: { name: "M o d e r a t o r" } }), {}, "400"],
      ["", {}, "400"],
    ];
    for (const [body, headers, status] of handed) {
      const viaHono = await post(plain, body, { ...client(), ...headers });
      const before = toHono();
      const viaLane = await post(fast, body, { ...client(), ...headers });
      expect(toHono(), `${body.slice(0, 40)} ${JSON.stringify(headers)}`).toBe(before + 1);
      expect(String(viaLane.status)).toBe(status);
      expect(sameAside(viaLane)).toEqual(sameAside(viaHono));
    }
    expect((await post(fast, comment({ author: {} }), client())).body.toString()).toContain('"path":"author.name"');
    // A closed page and the hard rate limit: refused after the lane has read and checked the post.
    expect((await t.admin("POST", "/v1/admin/comments/threads/close", { uri: "/blog/closed" })).status).toBe(200);
    const closed = comment({ uri: "/blog/closed" });
    const [closedViaHono, closedViaLane] = [await post(plain, closed, client()), await post(fast, closed, client())];
    expect(closedViaLane.status).toBe(409);
    expect(sameAside(closedViaLane)).toEqual(sameAside(closedViaHono));

    // Each post is one line of the request log, with what the comment became (the lane's and Hono's alike).
    const posted = lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.method === "POST" && l.path === "/v1/comments");
    expect(lines.filter((l) => l.includes('"event":"comment.'))).toHaveLength(posted.filter((l) => l.event).length);
    const created = posted.filter((l) => l.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(answered.length * 2 - 4);
    for (const line of created) {
      expect(line).toMatchObject({
        msg: "request",
        event: expect.stringMatching(/^comment\.(published|held)$/),
        comment: { id: expect.stringMatching(/^[0-9A-Z]{26}$/), uri: "/blog/post", reason: expect.any(String) },
      });
    }
    expect(lines.join("")).not.toContain("editToken");
    const metrics = await (await t.call("GET", "/metrics")).text();
    expect(metrics).toMatch(/http_requests_total\{[^}]*method="POST",route="\/v1\/comments",status="201"[^}]*\} [1-9]/);
    expect(ENGINE).toMatch(/sqlite|postgres/);

    // Past the hard rate limit: the 429 with its Retry-After, from the lane as from Hono (one client each).
    const limited = await createTestApp({ RATE_LIMIT: { points: 1, windowMs: 600_000 } });
    const roads = await bothRoads(limited);
    const twice = async (port: number, address: string) => {
      await post(port, comment(), { "x-forwarded-for": address });
      return post(port, comment(), { "x-forwarded-for": address });
    };
    const [refusedByHono, refusedByLane] = [
      await twice(roads.plain, "198.51.100.1"),
      await twice(roads.fast, "198.51.100.2"),
    ];
    expect(refusedByLane.status).toBe(429);
    expect(roads.toHono()).toBe(0);
    // Retry-After counts seconds left in the window: the two windows began a moment apart.
    const wait = (a: Answer) => Number(a.headers[a.headers.indexOf("retry-after") + 1]);
    expect(Math.abs(wait(refusedByLane) - wait(refusedByHono))).toBeLessThanOrEqual(1);
    const settled = (a: Answer) => {
      const at = a.headers.indexOf("retry-after") + 1;
      const seconds = a.headers[at] as string;
      return sameAside({
        ...a,
        headers: a.headers.map((h, i) => (i === at ? "<s>" : h)),
        body: Buffer.from(a.body.toString().replace(`in ${seconds} seconds`, "in <s> seconds")),
      });
    };
    expect(settled(refusedByLane)).toEqual(settled(refusedByHono));
  });
});
