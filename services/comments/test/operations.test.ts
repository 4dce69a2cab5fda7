import { join } from "node:path";
import { recordReliability } from "@parlor/kit/testing";
import SQLite from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { createTestApp, ENGINE, postComment, rowCount } from "./helpers.ts";

const valid = { uri: "/blog/post", author: { name: "Ann" }, body: "Hello" };

describe("operator endpoints", () => {
  it("reports health while the store answers", async () => {
    const t = await createTestApp();
    const res = await t.call("GET", "/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
  });

  it("exposes Prometheus metrics with request counts, latency and the queue length", async () => {
    const t = await createTestApp();
    await postComment(t, { approve: false });
    await t.call("GET", "/v1/comments?uri=/blog/post");
    const res = await t.call("GET", "/metrics");
    expect(res.headers.get("content-type")).toContain("text/plain");
    const text = await res.text();
    expect(text).toMatch(/http_requests_total\{[^}]*route="\/v1\/comments"[^}]*status="200"[^}]*\} 1/);
    expect(text).toContain("http_request_duration_seconds_bucket");
    expect(text).toMatch(/comments_moderation_queue_length\{[^}]*\} 1/);
    // The process's own metrics, collected once per process and served by every app beside its own.
    expect(text).toMatch(/^process_cpu_user_seconds_total\{service="comments"\} \d/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds\{service="comments"\} \d/m);
    expect(text.match(/^# TYPE process_cpu_user_seconds_total /gm)).toHaveLength(1);
  });

  it("serves an OpenAPI document generated from the schemas, and a reference page", async () => {
    const t = await createTestApp();
    const doc = await (await t.call("GET", "/openapi.json")).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/v1/comments", "/v1/counts", "/v1/admin/comments/bulk"]),
    );
    const body = doc.paths["/v1/comments"].post.requestBody.content["application/json"].schema;
    expect(body.properties.body.maxLength).toBe(10000);
    const page = await t.call("GET", "/comments/docs");
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(await page.text()).toContain("POST /v1/comments");
    expect((await t.call("GET", "/comments/docs/openapi.json")).status).toBe(200);
  });
});

// These faults are made with SQLite pragmas and a second SQLite connection; they say nothing about PostgreSQL.
describe.skipIf(ENGINE !== "sqlite")("when the SQLite store cannot take a write", () => {
  it("answers 503 with Retry-After while the disk is full, then recovers", async () => {
    const t = await createTestApp({ MODERATION: "flagged" });
    await postComment(t);
    const pages = t.sqlite?.pragma("page_count", { simple: true }) as number;
    t.sqlite?.pragma(`max_page_count = ${pages}`);
    let res: Response | undefined;
    for (let i = 0; i < 50; i++) {
      res = await t.call("POST", "/v1/comments", { ...valid, body: "x".repeat(4000) });
      if (res.status !== 201) break;
    }
    expect(res?.status).toBe(503);
    expect(res?.headers.get("retry-after")).toBeTruthy();
    expect(res?.headers.get("content-type")).toContain("application/problem+json");
    const before = await rowCount(t);
    t.sqlite?.pragma("max_page_count = 1073741823");
    expect((await t.call("POST", "/v1/comments", valid)).status).toBe(201);
    expect(await rowCount(t)).toBe(before + 1);
    recordReliability({
      kind: "fault",
      name: "disk full (max_page_count) (comments, sqlite)",
      ok: true,
      detail: "writes answered 503, then recovered",
    });
  });

  it("answers 503 while another process holds the database locked past the busy timeout", async () => {
    const t = await createTestApp({}, { busyTimeoutMs: 100 });
    const other = new SQLite(join(t.dir, "comments.db"));
    other.exec("BEGIN EXCLUSIVE");
    const res = await t.call("POST", "/v1/comments", valid);
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBeTruthy();
    other.exec("ROLLBACK");
    other.close();
    expect((await t.call("POST", "/v1/comments", valid)).status).toBe(201);
    expect(await rowCount(t)).toBe(1);
    recordReliability({
      kind: "fault",
      name: "database locked past the busy timeout (comments, sqlite)",
      ok: true,
      detail: "writes answered 503, then recovered",
    });
  });

  it("answers 503 while the database is read-only, then recovers", async () => {
    const t = await createTestApp();
    t.sqlite?.pragma("query_only = ON");
    const res = await t.call("POST", "/v1/comments", valid);
    expect(res.status).toBe(503);
    t.sqlite?.pragma("query_only = OFF");
    expect((await t.call("POST", "/v1/comments", valid)).status).toBe(201);
    recordReliability({
      kind: "fault",
      name: "database read-only (query_only) (comments, sqlite)",
      ok: true,
      detail: "writes answered 503, then recovered",
    });
  });
});
