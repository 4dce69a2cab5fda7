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
});
