import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";
import { withFastLanes } from "@parlor/kit/http";
import { afterThisTest } from "@parlor/kit/testing";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { createTestApp, postComment, type TestApp } from "./helpers.ts";

// The thread read and counts have a fast lane (fastRead) that answers straight from node's request; everything
// else, and whatever the lane is unsure of, goes through Hono. Both roads must give the same answer, byte for byte.
type Answer = { status: number; headers: string[]; body: Buffer };

async function listen(listener: (req: IncomingMessage, res: ServerResponse) => unknown) {
  const server: Server = createServer(listener);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  afterThisTest(() => new Promise<void>((r) => server.close(() => r())));
  return (server.address() as AddressInfo).port;
}

function get(port: number, path: string, headers: Record<string, string> = {}, method = "GET"): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method, headers: { "x-request-id": "t-1", ...headers } });
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        // Every header as sent, in order and spelling, but the clock's.
        const raw = res.rawHeaders.filter((_, i, all) => all[i - (i % 2)] !== "Date");
        resolve({ status: res.statusCode ?? 0, headers: raw, body: Buffer.concat(chunks) });
      });
    });
    req.on("error", reject);
    req.end();
  });
}

/** The app served twice: with its fast lanes (counting what reaches Hono), and by @hono/node-server alone. */
async function bothRoads(t: TestApp) {
  let toHono = 0;
  const hono = getRequestListener(t.app.fetch);
  const fast = await listen(
    withFastLanes(t.app, (req, res) => {
      toHono++;
      return hono(req, res);
    }),
  );
  const plain = await listen(hono);
  return { fast, plain, toHono: () => toHono };
}

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
});
