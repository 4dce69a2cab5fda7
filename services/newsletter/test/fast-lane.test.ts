import { type AnswerText, bothRoads, noncesAside, postJson } from "@parlor/kit/testing/fast-lanes";
import { describe, expect, it } from "vitest";
import { count, createTestApp } from "./helpers.ts";

// A JSON client's signup has a fast lane (fastPost) that answers straight from node's request; a form post, and
// whatever the lane does not answer itself, goes through Hono. Both roads must give the same answer, byte for byte
// (but for the pages' CSP nonces).
const post = async (port: number, body: string, headers: Record<string, string> = {}) =>
  noncesAside(await postJson(port, "/v1/subscriptions", body, headers));

describe("the signup's fast lane", () => {
  it("answers a JSON client's signup as Hono does, its refusals included, and leaves the rest to Hono", async () => {
    // One client sends everything: only the address's hard limit stays on, so that its 429 is seen on both roads.
    const lines: string[] = [];
    const t = await createTestApp(
      {
        RATE_LIMIT: "off",
        SOFT_RATE_LIMIT: "off",
        NETWORK_RATE_LIMIT: "off",
        ADDRESS_SOFT_LIMIT: "off",
        ADDRESS_RATE_LIMIT: { points: 4, windowMs: 86_400_000 },
      },
      { logs: lines, logLevel: "info" },
    );
    const { fast, plain, toHono } = await bothRoads(t);
    let n = 0;
    const signup = (fields: Record<string, unknown> = {}) =>
      JSON.stringify({ email: `reader${++n}@example.org`, consent: true, ...fields });
    // Answered by the lane: accepted (a new address, a known one, in another language), and refused by the service
    // after the body was read and checked (an unknown topic, a consent wording no longer shown; the address's hard
    // limit), as the error road answers.
    const answered: [() => string, Record<string, string>][] = [
      [() => signup(), {}],
      [() => signup({ name: "Ann", source: "/blog/sleep" }), { "accept-language": "es-ES,es;q=0.9" }],
      [() => JSON.stringify({ email: "known@example.org", consent: true }), {}],
      [() => signup({ topics: ["no-such-topic"] }), {}],
      [() => signup({ consentVersion: "0000000000000000" }), {}],
      [() => JSON.stringify({ email: "known@example.org", consent: true }), {}],
      [() => signup(), { "content-type": "application/json; charset=utf-8", accept: "application/json" }],
      [() => signup(), { "x-request-id": "not a plain token!" }],
    ];
    for (const [body, headers] of answered) {
      const viaHono = await post(plain, body(), headers);
      const before = toHono();
      const viaLane = await post(fast, body(), headers);
      expect(toHono(), `${JSON.stringify(headers)} went through Hono`).toBe(before);
      if (headers["x-request-id"]) {
        const id = (a: AnswerText) => a.headers[a.headers.indexOf("x-request-id") + 1];
        expect(id(viaLane)).toMatch(/^[a-z0-9]+-[a-z0-9]+$/);
        viaLane.headers[viaLane.headers.indexOf("x-request-id") + 1] = id(viaHono);
      }
      expect(viaLane).toEqual(viaHono);
    }
    expect(await post(fast, signup())).toMatchObject({ status: 202, body: '{"status":"pending"}' });
    // known@example.org: four 202s (two on each road), then the address's hard limit (429).
    const known = JSON.stringify({ email: "known@example.org", consent: true });
    expect((await post(fast, known)).status).toBe(429);
    // Left to Hono, which answers as it would have alone: a form post, a client that asks for a page, a chunked
    // body, and what the lane read and handed over (not JSON, refused by the schema).
    const handed: [string, Record<string, string>, number][] = [
      [
        `email=reader${++n}%40example.org&consent=on&source=%2Fblog%2Fpost`,
        { "content-type": "application/x-www-form-urlencoded" },
        303,
      ],
      [signup(), { accept: "text/html" }, 303],
      [signup(), { "transfer-encoding": "chunked" }, 202],
      ["{not json", {}, 400],
      [signup({ consent: false }), {}, 400],
    ];
    for (const [body, headers, status] of handed) {
      const viaHono = await post(plain, body, headers);
      const before = toHono();
      const viaLane = await post(
        fast,
        body.replace(/reader\d+/, (m) => `${m}x`),
        headers,
      );
      expect(toHono(), `${body.slice(0, 40)} ${JSON.stringify(headers)}`).toBe(before + 1);
      expect(viaLane.status).toBe(status);
      expect(viaLane).toEqual(viaHono);
    }
    // Every accepted signup on either road stored its subscriber and queued its confirmation: 15 addresses and
    // known@example.org, which got a fresh confirmation each of its four times.
    expect(await count(t, "subscriber")).toBe(16);
    expect(await count(t, "newsletter_outbox")).toBe(19);
    // Each signup is one line of the request log, which says what it became and to whom (masked), on either road.
    const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const accepted = logged.filter((l) => l.path === "/v1/subscriptions" && (l.status === 202 || l.status === 303));
    expect(accepted).toHaveLength(19);
    for (const line of accepted) {
      expect(line).toMatchObject({
        msg: "request",
        event: "subscription.pending",
        to: expect.stringMatching(/^\w\*\*\*@/),
      });
    }
    expect(logged.filter((l) => l.msg === "subscription.pending")).toEqual([]);
  });
});
