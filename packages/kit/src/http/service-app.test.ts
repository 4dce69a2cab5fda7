import { describe, expect, it } from "vitest";
import { createLogger } from "../core/logger.ts";
import { createMetrics } from "../core/metrics.ts";
import { adminGuard } from "./admin-auth.ts";
import { serviceApp } from "./service-app.ts";

describe("the service shell", () => {
  it("gives every answer, a refusal included, its request id, nosniff, a log line and a count", async () => {
    const lines: string[] = [];
    const metrics = createMetrics(`shell_${Math.random().toString(36).slice(2)}`);
    const app = serviceApp({
      logger: createLogger({ name: "t", destination: { write: (line: string) => lines.push(line) } }),
      metrics,
      guard: adminGuard(() => [], "/v1/admin"),
      bodyLimit: (path) => (path === "/big" ? 10 : undefined),
    });
    app.get("/page", (c) => c.html("<p>hi</p>"));
    app.get("/v1/admin/x", (c) => c.text("secret"));
    app.post("/big", async (c) => c.text(await c.req.text()));
    app.post("/small", async (c) => c.text(await c.req.text()));
    const raw = (path: string) => ({ incoming: { url: path } });
    const answers = [
      [await app.request("/page", {}, raw("/page")), 200],
      [await app.request("/a/%2e%2e/page", {}, raw("/a/%2e%2e/page")), 404],
      [await app.request("/v1/%61dmin/x", {}, raw("/v1/%61dmin/x")), 401],
      [await app.request("/V1/Admin/x", {}, raw("/V1/Admin/x")), 401],
      [await app.request("/big", { method: "POST", body: "x".repeat(11), headers: { "content-length": "11" } }), 413],
      [await app.request("/small", { method: "POST", body: "x".repeat(11), headers: { "content-length": "11" } }), 200],
      [await app.request("/nothing"), 404],
    ] as const;
    for (const [res, status] of answers) {
      expect(res.status).toBe(status);
      expect(res.headers.get("x-request-id")).toMatch(/^[\w.-]+$/);
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    }
    expect(answers[0][0].headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(lines.map((l) => (JSON.parse(l) as { status: number }).status)).toEqual(answers.map(([, s]) => s));
    const text = (await metrics.exposition()).text;
    expect(text).toMatch(/http_requests_total\{[^}]*status="401"[^}]*\} 2/);
    expect(text).toMatch(/http_requests_total\{[^}]*route="\/page"[^}]*status="200"[^}]*\} 1/);
  });
});
