import { join } from "node:path";
import { recordReliability } from "@parlor/kit/testing";
import SQLite from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { count, createTestApp, ENGINE } from "./helpers.ts";

const signup = { email: "ann@example.com", consent: true };

describe("operator endpoints", () => {
  it("reports health while the store answers", async () => {
    const t = await createTestApp();
    const res = await t.call("GET", "/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
  });

  it("exposes Prometheus metrics: requests, subscribers by status and the outbox", async () => {
    const t = await createTestApp();
    await t.call("POST", "/v1/subscriptions", signup);
    await t.call("POST", "/v1/subscriptions", { email: "info@example.com", consent: true });
    const text = await (await t.call("GET", "/metrics")).text();
    expect(text).toMatch(/http_requests_total\{[^}]*route="\/v1\/subscriptions"[^}]*status="202"[^}]*\} 2/);
    expect(text).toMatch(/newsletter_subscribers\{[^}]*status="pending"[^}]*\} 1/);
    expect(text).toMatch(/newsletter_subscribers\{[^}]*status="pending_review"[^}]*\} 1/);
    expect(text).toMatch(/newsletter_subscribers\{[^}]*status="active"[^}]*\} 0/);
    expect(text).toMatch(/newsletter_outbox_messages\{[^}]*status="queued"[^}]*\} 1/);
  });

  it("serves an OpenAPI document generated from the schemas, and a reference page", async () => {
    const t = await createTestApp();
    const doc = await (await t.call("GET", "/openapi.json")).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/v1/subscriptions",
        "/v1/subscriptions/confirm",
        "/v1/subscriptions/unsubscribe",
        "/v1/issues",
        "/v1/issues/{slug}",
        "/v1/admin/newsletter/subscribers",
        "/v1/admin/newsletter/subscribers/{id}/approve",
        "/v1/admin/newsletter/subscribers.csv",
        "/v1/admin/newsletter/issues/{id}/send",
      ]),
    );
    const body = doc.paths["/v1/subscriptions"].post.requestBody.content["application/json"].schema;
    expect(body.required).toEqual(expect.arrayContaining(["email", "consent"]));
    const page = await t.call("GET", "/newsletter/docs");
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(await page.text()).toContain("POST /v1/subscriptions");
    expect((await t.call("GET", "/newsletter/docs/openapi.json")).status).toBe(200);
  });

  it("serves the moderators' console page without secrets, scripts locked down by CSP", async () => {
    const t = await createTestApp();
    const res = await t.call("GET", "/newsletter/admin");
    expect(res.status).toBe(200);
    // Scripts only from the service itself: nothing inline may run, so no nonce is needed.
    expect(res.headers.get("content-security-policy")).toMatch(/script-src 'self';/);
    expect(res.headers.get("content-security-policy")).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(await res.text()).not.toContain(t.config.ADMIN_TOKEN as string);
    // The issue preview (a srcdoc frame under this policy) shows the images an issue may hold: IMAGE_ORIGINS only.
    expect(res.headers.get("content-security-policy")).toContain("img-src 'self';");
    const images = await createTestApp({ IMAGE_ORIGINS: ["https://img.example"] });
    const csp = (await images.call("GET", "/newsletter/admin")).headers.get("content-security-policy");
    expect(csp).toContain("img-src 'self' https://img.example;");
  });

  it("answers unknown paths with a 404 problem", async () => {
    const t = await createTestApp();
    const res = await t.call("GET", "/v1/nothing");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
  });
});

// The failures are made with SQLite's own levers (a second connection's lock, query_only, max_page_count).
describe.skipIf(ENGINE === "postgres")("when the store cannot take a write", () => {
  it("answers 503 with Retry-After while the database is locked past the busy timeout, and stores nothing", async () => {
    const t = await createTestApp({}, { busyTimeoutMs: 100 });
    const other = new SQLite(join(t.dir, "newsletter.db"));
    other.exec("BEGIN EXCLUSIVE");
    const res = await t.call("POST", "/v1/subscriptions", signup);
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBeTruthy();
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    other.exec("ROLLBACK");
    other.close();
    expect(await count(t, "subscriber")).toBe(0);
    expect((await t.call("POST", "/v1/subscriptions", { ...signup, email: "bob@example.com" })).status).toBe(202);
    recordReliability({
      kind: "fault",
      name: "database locked past the busy timeout (newsletter, sqlite)",
      ok: true,
      detail: "writes answered 503, then recovered",
    });
  });

  it("answers 503 while the database is read-only, then recovers", async () => {
    const t = await createTestApp();
    t.sqlite?.pragma("query_only = ON");
    expect((await t.call("POST", "/v1/subscriptions", signup)).status).toBe(503);
    const issue = await t.admin("POST", "/v1/admin/newsletter/issues", { subject: "x", markdown: "y" });
    expect(issue.status).toBe(503);
    t.sqlite?.pragma("query_only = OFF");
    expect((await t.call("POST", "/v1/subscriptions", signup)).status).toBe(202);
    recordReliability({
      kind: "fault",
      name: "database read-only (query_only) (newsletter, sqlite)",
      ok: true,
      detail: "writes answered 503, then recovered",
    });
  });

  it("answers 503 while the disk is full, with no half-written signup", async () => {
    const t = await createTestApp({ RATE_LIMIT: "off", SOFT_RATE_LIMIT: "off", NETWORK_RATE_LIMIT: "off" });
    const pages = t.sqlite?.pragma("page_count", { simple: true }) as number;
    t.sqlite?.pragma(`max_page_count = ${pages}`);
    let res: Response | undefined;
    for (let i = 0; i < 200; i++) {
      res = await t.call("POST", "/v1/subscriptions", { ...signup, email: `p${i}@example.com`, name: "x".repeat(90) });
      if (res.status !== 202) break;
    }
    expect(res?.status).toBe(503);
    const subscribers = await count(t, "subscriber");
    const confirmations = await count(t, "newsletter_outbox");
    expect(confirmations).toBe(subscribers); // every stored signup has its email, and no email lacks its signup
    t.sqlite?.pragma("max_page_count = 1073741823");
    expect((await t.call("POST", "/v1/subscriptions", { ...signup, email: "later@example.com" })).status).toBe(202);
    recordReliability({
      kind: "fault",
      name: "disk full (max_page_count) (newsletter, sqlite)",
      ok: true,
      detail: "writes answered 503, then recovered",
    });
  });
});

describe("the embeddable widget", () => {
  it("serves its loader and the content-hashed bundle it points at", async () => {
    const t = await createTestApp();
    const loader = await t.call("GET", "/newsletter/embed.js");
    expect(loader.status).toBe(200);
    expect(loader.headers.get("cache-control")).toContain("max-age=300");
    const name = /parlor\.[0-9a-f]+\.js/.exec(await loader.text())?.[0]; // named relative to the loader's URL
    expect(name).toBeTruthy();
    const bundle = await t.call("GET", `/newsletter/assets/${name}`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get("cache-control")).toContain("immutable");
  });
});
