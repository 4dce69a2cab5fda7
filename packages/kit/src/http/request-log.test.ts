import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { createLogger } from "../core/logger.ts";
import { type RequestVars, requestLog } from "./request-log.ts";

describe("request log", () => {
  const app = new Hono<{ Variables: RequestVars }>();
  app.use("*", requestLog(createLogger({ name: "t", level: "silent" })));
  app.get("/page", (c) => c.body(new TextEncoder().encode('{"ok":true}'), 200, { "Content-Type": "application/json" }));
  // A Response whose headers are immutable, as Response.redirect() makes.
  app.get("/away", () => Response.redirect("https://example.org/", 302));

  it("answers every request with its request id, also when the handler's response has immutable headers", async () => {
    const page = await app.request("/page", { headers: { "x-request-id": "abc-123" } });
    expect(page.headers.get("x-request-id")).toBe("abc-123");
    expect(await page.json()).toEqual({ ok: true });
    const away = await app.request("/away");
    expect(away.status).toBe(302);
    expect(away.headers.get("x-request-id")).toMatch(/^[\w.-]+$/);
  });

  it("writes one line per request with its id, method, path, status and duration, none below info", async () => {
    const lines: string[] = [];
    const destination = { write: (line: string) => lines.push(line) };
    const logged = new Hono<{ Variables: RequestVars }>();
    logged.use("*", requestLog(createLogger({ name: "t", level: "info", destination })));
    logged.get("/page", (c) => c.text("ok"));
    await logged.request("/page?x=1", { headers: { "x-request-id": "req-7" } });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({
      reqId: "req-7",
      method: "GET",
      path: "/page",
      status: 200,
      ms: expect.any(Number),
      msg: "request",
    });
    const quiet = new Hono<{ Variables: RequestVars }>();
    quiet.use("*", requestLog(createLogger({ name: "t", level: "warn", destination })));
    quiet.get("/page", (c) => c.text("ok"));
    expect((await quiet.request("/page")).headers.get("x-request-id")).toMatch(/^[\w.-]+$/);
    expect(lines).toHaveLength(1);
  });
});
