import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { urlsFor, webhookConfigProblem, webhookConfigShape } from "./config.ts";
import { sign, verifySignature } from "./signature.ts";

const now = new Date("2026-05-01T12:00:00Z");
const t = Math.floor(now.getTime() / 1000);

describe("signatures", () => {
  it('are an HMAC-SHA256 of "<t>.<body>" that a receiver can recompute with any HMAC library', () => {
    const body = '{"id":"1","type":"comment.created"}';
    const expected = createHmac("sha256", "s3cret-s3cret-s3cret").update(`${t}.${body}`).digest("hex");
    expect(sign("s3cret-s3cret-s3cret", body, t)).toBe(`t=${t},v1=${expected}`);
    expect(verifySignature("s3cret-s3cret-s3cret", sign("s3cret-s3cret-s3cret", body, t), body, { now })).toBe(true);
  });

  it("fail for another body, another secret, an old timestamp or a garbled header", () => {
    const header = sign("secret-a-0123456789", "body", t);
    expect(verifySignature("secret-a-0123456789", header, "body!", { now })).toBe(false);
    expect(verifySignature("secret-b-0123456789", header, "body", { now })).toBe(false);
    expect(verifySignature("secret-a-0123456789", header, "body", { now: new Date(now.getTime() + 301_000) })).toBe(
      false,
    );
    expect(verifySignature("secret-a-0123456789", "t=abc,v1=zz", "body", { now })).toBe(false);
    expect(verifySignature("secret-a-0123456789", undefined, "body", { now })).toBe(false);
  });
});

describe("WEBHOOK_URLS", () => {
  it("maps events to URLs, * to every event", () => {
    const routes = webhookConfigShape.WEBHOOK_URLS.parse(
      "comment.created=https://a.example/h, *=https://b.example/all,comment.created=https://c.example/x",
    );
    expect(urlsFor(routes, "comment.created")).toEqual([
      "https://a.example/h",
      "https://c.example/x",
      "https://b.example/all",
    ]);
    expect(urlsFor(routes, "issue.sent")).toEqual(["https://b.example/all"]);
    expect(webhookConfigProblem({ WEBHOOK_URLS: routes })).toMatch(/WEBHOOK_SECRET/);
    expect(webhookConfigProblem({ WEBHOOK_URLS: routes, WEBHOOK_SECRET: "x".repeat(16) })).toBeNull();
  });

  it("refuses what is not event=http(s) URL", () => {
    for (const bad of ["comment.created", "x=https://a.example", "*=ftp://a.example", "*=not a url"]) {
      expect(webhookConfigShape.WEBHOOK_URLS.safeParse(bad).success, bad).toBe(false);
    }
  });
});
