import { connect } from "node:net";
import { getRequestListener } from "@hono/node-server";
import { withFastLanes } from "@parlor/kit/http";
import { type Answer, bothRoads, listen, postJson, rawRequest, sameAside } from "@parlor/kit/testing/fast-lanes";
import { describe, expect, it } from "vitest";
import { createTestApp, storedRow, type TestApp } from "./helpers.ts";

// The comment post's fast lane (fastPost) against odd, hostile and badly timed requests: every kind of request the
// Hono road answers must get the same status, headers and body on the lane.
const post = (port: number, body: string | Buffer, headers: Record<string, string> = {}, path = "/v1/comments") =>
  postJson(port, path, body, headers);

const comment = (fields: Record<string, unknown> = {}) =>
  JSON.stringify({ uri: "/blog/post", author: { name: "Ann" }, body: "A thoughtful comment.", ...fields });

describe("the comment post's fast lane against Hono's road, attacked", () => {
  it("answers every kind of JSON post as Hono does", async () => {
    const t = await createTestApp({ MODERATION: "flagged" });
    const { fast, plain } = await bothRoads(t);
    let clients = 0;
    const client = () => ({ "x-forwarded-for": `198.51.100.${++clients}` });
    const cases: [string, string | Buffer, Record<string, string>, string?][] = [
      ["bom", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(comment())]), {}],
      ["duplicate keys", '{"uri":"/a","uri":"/blog/post","author":{"name":"Ann"},"body":"x","body":"Second body"}', {}],
      [
        "__proto__",
        '{"__proto__":{"uri":"/evil"},"uri":"/blog/post","author":{"name":"Ann","__proto__":{"isModerator":true}},"body":"Proto."}',
        {},
      ],
      ["extra fields", comment({ status: "approved", isModerator: true, id: "x" }), {}],
      ["uri number", comment({ uri: 5 }), {}],
      ["body number", comment({ body: 5 }), {}],
      ["name array", comment({ author: { name: ["a"] } }), {}],
      ["email bad", comment({ author: { name: "A", email: "nope" } }), {}],
      ["website js", comment({ author: { name: "A", website: "javascript:alert(1)" } }), {}],
      ["notify string", comment({ notifyReplies: "yes" }), {}],
      ["parentId number", comment({ parentId: 5 }), {}],
      ["all wrong", '{"uri":1,"author":2,"body":3,"notifyReplies":4,"homepage":5}', {}],
      ["array", "[]", {}],
      ["null", "null", {}],
      ["string", '"hi"', {}],
      ["whitespace", "   \n ", {}],
      ["lone surrogate", '{"uri":"/blog/post","author":{"name":"A"},"body":"bad \\ud800 surrogate"}', {}],
      [
        "raw invalid utf8",
        Buffer.concat([
          Buffer.from('{"uri":"/blog/post","author":{"name":"A"},"body":"x'),
          Buffer.from([0xff, 0xfe]),
          Buffer.from('"}'),
        ]),
        {},
      ],
      ["nul", comment({ body: "nul \u0000 here" }), {}],
      ["rtl override", comment({ author: { name: "\u202eevil" } }), {}],
      ["zero width name", comment({ author: { name: "\u200b" } }), {}],
      ["emoji", comment({ body: "👩🏽‍⚕️ thanks doctor" }), {}],
      ["honeypot", comment({ homepage: "http://spam.example" }), {}],
      ["charset utf-16", comment(), { "content-type": "application/json; charset=utf-16" }],
      ["upper type", comment(), { "content-type": "Application/JSON" }],
      ["type spaced", comment(), { "content-type": " application/json ;charset=utf-8" }],
      ["vnd json", comment(), { "content-type": "application/vnd.api+json" }],
      ["json-seq", comment(), { "content-type": "application/json-seq" }],
      ["text/json", comment(), { "content-type": "text/json" }],
      ["no type", comment(), { "content-type": "" }],
      ["query", comment(), {}, "/v1/comments?x=1"],
      ["query empty", comment(), {}, "/v1/comments?"],
      ["trailing slash", comment(), {}, "/v1/comments/"],
      ["double slash", comment(), {}, "//v1/comments"],
      ["accept any", comment(), { accept: "*/*" }],
      ["accept html q", comment(), { accept: "text/html;q=0.1" }],
      ["accept xhtml", comment(), { accept: "application/xhtml+xml" }],
      ["origin", comment(), { origin: "https://evil.example" }],
      [
        "exact limit",
        comment({
          body: "y".repeat(9000),
          pad: "p".repeat(65536 - comment({ body: "y".repeat(9000), pad: "" }).length),
        }),
        {},
      ],
      [
        "limit + 1",
        comment({
          body: "y".repeat(9000),
          pad: "p".repeat(65537 - comment({ body: "y".repeat(9000), pad: "" }).length),
        }),
        {},
      ],
      ["body too long", comment({ body: "z".repeat(10_001) }), {}],
      ["expect 100", comment(), { expect: "100-continue" }],
      ["content-encoding gzip", comment(), { "content-encoding": "gzip" }],
      [
        "deep nesting",
        `{"uri":"/blog/post","author":{"name":"A"},"body":"x","extra":${"[".repeat(5000)}${"]".repeat(5000)}}`,
        {},
      ],
    ];
    const mismatches: string[] = [];
    for (const [name, body, headers, path] of cases) {
      const viaHono = sameAside(await post(plain, body, { ...client(), ...headers }, path));
      const viaLane = sameAside(await post(fast, body, { ...client(), ...headers }, path));
      if (JSON.stringify(viaHono) !== JSON.stringify(viaLane)) {
        mismatches.push(`${name}:\n  hono ${JSON.stringify(viaHono)}\n  lane ${JSON.stringify(viaLane)}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it("counts lane posts in the rate limits as Hono's road does, and answers the 429 the same way", async () => {
    const t = await createTestApp({ MODERATION: "flagged", RATE_LIMIT: { points: 3, windowMs: 600_000 } });
    const { fast, plain } = await bothRoads(t);
    const me = { "x-forwarded-for": "203.0.113.7" };
    const statuses = [];
    for (const port of [fast, plain, fast]) statuses.push((await post(port, comment(), me)).status);
    expect(statuses).toEqual([201, 201, 201]);
    const [viaLane, viaHono] = [await post(fast, comment(), me), await post(plain, comment(), me)];
    expect(viaLane.status).toBe(429);
    expect(sameAside(viaLane)).toEqual(sameAside(viaHono));
  });

  it("writes the same request line and metrics for a post on either road", async () => {
    const lines: string[] = [];
    const t = await createTestApp({ MODERATION: "flagged" }, { logLines: lines });
    const { fast, plain } = await bothRoads(t);
    const strip = (l: string) => {
      const o = JSON.parse(l);
      for (const k of ["time", "reqId", "ms", "pid", "hostname"]) delete o[k];
      if (o.comment) o.comment.id = "<id>";
      return o;
    };
    const asks: [string, Record<string, string>][] = [
      [comment(), {}],
      [comment({ body: "Call me at 555-867-5309 any time." }), {}],
      [comment({ parentId: "01JZZZZZZZZZZZZZZZZZZZZZZZ" }), {}],
    ];
    let n = 0;
    for (const [body, headers] of asks) {
      const h = { "x-forwarded-for": `192.0.2.${++n}`, ...headers };
      const start = lines.length;
      await post(plain, body, h);
      const hono = lines.slice(start).map(strip);
      const mid = lines.length;
      await post(fast, body, { ...h, "x-forwarded-for": `192.0.2.${++n}` });
      expect(lines.slice(mid).map(strip)).toEqual(hono);
    }
  });

  it("applies blocked words, emails, domains and clients to lane posts as to Hono's", async () => {
    const t = await createTestApp({ MODERATION: "flagged" });
    const { fast, plain } = await bothRoads(t);
    const troll = { "x-forwarded-for": "203.0.113.66" };
    const first = JSON.parse((await post(fast, comment({ body: "Buy now" }), troll)).body.toString());
    const blocked = await t.admin("POST", "/v1/admin/comments/blocks", { kind: "client", commentId: first.comment.id });
    expect(blocked.status).toBe(201);
    for (const block of [
      { kind: "word", value: "casino" },
      { kind: "email", value: "troll@example.com" },
      { kind: "domain", value: "spam.example" },
    ]) {
      expect((await t.admin("POST", "/v1/admin/comments/blocks", block)).status).toBe(201);
    }
    let n = 0;
    const asks: [string, Record<string, string>][] = [
      [comment({ body: "Best casino in town" }), {}],
      [comment({ author: { name: "T", email: "troll@example.com" } }), {}],
      [comment({ author: { name: "T", email: "x@spam.example" } }), {}],
      [comment({ body: "Again" }), troll],
    ];
    for (const [body, headers] of asks) {
      const h = (road: string) =>
        headers["x-forwarded-for"] ? headers : { "x-forwarded-for": `192.0.2.${++n}`, road };
      const viaHono = await post(plain, body, h("hono"));
      const viaLane = await post(fast, body, h("lane"));
      expect(sameAside(viaLane)).toEqual(sameAside(viaHono));
      const status = async (a: Answer) => (await storedRow(t, JSON.parse(a.body.toString()).comment.id))?.status;
      expect({ body, lane: await status(viaLane) }).toEqual({ body, lane: await status(viaHono) });
      expect(await status(viaLane)).not.toBe("approved");
    }
  });

  it("refuses a post with two Content-Type headers as Hono does (415), creating nothing", async () => {
    const t = await createTestApp({ MODERATION: "flagged" });
    const { fast, plain } = await bothRoads(t);
    // Node keeps only the first Content-Type in req.headers; @hono/node-server joins every one from rawHeaders.
    const raw = async (port: number, ip: string) => {
      const body = comment({ body: "Two content types." });
      const out = await rawRequest(
        port,
        `POST /v1/comments HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nX-Forwarded-For: ${ip}\r\n` +
          `Content-Type: application/json\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
      return out.split("\r\n")[0];
    };
    const viaHono = await raw(plain, "192.0.2.1");
    const viaLane = await raw(fast, "192.0.2.2");
    expect({ viaHono, viaLane }).toEqual({ viaHono: "HTTP/1.1 415 Unsupported Media Type", viaLane: viaHono });
    expect(await t.db.selectFrom("comment").select("id").execute()).toEqual([]);
  });

  it("answers a client that half-closes after its request as Hono does", async () => {
    const t = await createTestApp({ MODERATION: "flagged" });
    const { fast, plain } = await bothRoads(t);
    const raw = async (port: number, ip: string) => {
      const body = comment({ body: `Sent, then the client half-closes (${ip}).` });
      const out = await rawRequest(
        port,
        `POST /v1/comments HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nX-Forwarded-For: ${ip}\r\n` +
          `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
        { halfClose: true },
      );
      return out.split("\r\n")[0];
    };
    const viaHono = await raw(plain, "192.0.2.1");
    const viaLane = await raw(fast, "192.0.2.2");
    // Both roads: no answer reaches a client that half-closed (node closes the socket), the comment is stored all
    // the same (the write does not wait for the socket).
    let stored = 0;
    for (let i = 0; i < 40 && stored < 2; i++) {
      await new Promise((r) => setTimeout(r, 50));
      stored = (await t.db.selectFrom("comment").select("body").execute()).length;
    }
    expect({ viaHono, viaLane, stored }).toEqual({ viaHono, viaLane: viaHono, stored: 2 });
  });

  it("cuts a body that trickles past the request timeout on the lane as on Hono's road (408), storing nothing", async () => {
    const t = await createTestApp({ MODERATION: "flagged" });
    const { fast, plain } = await bothRoads(t, {
      requestTimeout: 600,
      headersTimeout: 600,
      connectionsCheckingInterval: 100,
    });
    const trickle = (port: number) =>
      new Promise<{ first: string; ms: number }>((resolve) => {
        const started = performance.now();
        const body = comment({ body: "Slowly, slowly." });
        let out = "";
        const socket = connect(port, "127.0.0.1", () => {
          socket.write(
            `POST /v1/comments HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`,
          );
          let i = 0;
          const drip = setInterval(() => {
            if (socket.destroyed || i >= body.length - 1) return clearInterval(drip);
            socket.write(body[i++]);
          }, 100);
        });
        socket.on("data", (d) => {
          out += d.toString();
        });
        socket.on("close", () => resolve({ first: out.split("\r\n")[0], ms: performance.now() - started }));
        socket.on("error", () => {});
      });
    const [viaHono, viaLane] = await Promise.all([trickle(plain), trickle(fast)]);
    expect(viaLane.first).toBe(viaHono.first);
    expect(viaLane.ms).toBeLessThan(3000);
    expect(await t.db.selectFrom("comment").select("id").execute()).toEqual([]);
  });

  it("answers pipelined posts in order, a handed-over one between two the lane answers", async () => {
    const t = await createTestApp({ MODERATION: "flagged" });
    const { fast } = await bothRoads(t);
    const one = (id: string, body: string) =>
      `POST /v1/comments HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Request-Id: ${id}\r\nX-Forwarded-For: 192.0.2.${id.length}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    const out = await rawRequest(
      fast,
      one("a", comment({ body: "First." })) +
        one("bb", comment({ author: {} })) +
        one("ccc", comment({ body: "Third." })).replace("HTTP/1.1\r\n", "HTTP/1.1\r\nConnection: close\r\n"),
    );
    const answers = [...out.matchAll(/HTTP\/1\.1 (\d{3})[\s\S]*?x-request-id: (\w+)/gi)].map((m) => `${m[2]} ${m[1]}`);
    expect(answers).toEqual(["a 201", "bb 400", "ccc 201"]);
  });

  it("counts the same requests in /metrics whichever road served them", async () => {
    const lane = await createTestApp({ MODERATION: "flagged", RATE_LIMIT: { points: 2, windowMs: 600_000 } });
    const hono = await createTestApp({ MODERATION: "flagged", RATE_LIMIT: { points: 2, windowMs: 600_000 } });
    const fast = await listen(withFastLanes(lane.app, getRequestListener(lane.app.fetch)));
    const plain = await listen(getRequestListener(hono.app.fetch));
    const series = async (t: TestApp, port: number) => {
      const me = { "x-forwarded-for": "203.0.113.9" };
      for (const [body, headers] of [
        [comment(), me],
        [comment({ author: {} }), {}],
        ["{oops", {}],
        [comment(), { ...me, "content-type": "text/plain" }],
        [comment(), me],
        [comment(), me],
      ] as [string, Record<string, string>][]) {
        await post(port, body, headers);
      }
      const text = await (await t.call("GET", "/metrics")).text();
      return text
        .split("\n")
        .filter((l) => l.includes('route="/v1/comments"') && !l.includes("_bucket") && !l.includes("_sum"))
        .sort();
    };
    const [viaLane, viaHono] = [await series(lane, fast), await series(hono, plain)];
    expect(viaHono.length).toBeGreaterThan(0);
    expect(viaLane).toEqual(viaHono);
  });
});
