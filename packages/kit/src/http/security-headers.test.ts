import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { PAGE_CSP, securityHeaders } from "./security-headers.ts";

function app() {
  const a = new Hono();
  a.use("*", securityHeaders());
  a.get("/page", (c) => c.html("<p>hi</p>"));
  a.get("/own", (c) => {
    c.header("Content-Security-Policy", "default-src 'none'; img-src https:");
    return c.html("<p>hi</p>");
  });
  a.get("/json", (c) => c.json({ ok: true }));
  a.get("/boom", () => {
    throw new Error("boom");
  });
  return a;
}

describe("securityHeaders", () => {
  it("gives a page with no policy the strict one, no framing and no referrer", async () => {
    const res = await app().request("/page");
    expect(res.headers.get("content-security-policy")).toBe(PAGE_CSP);
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("completes a page's own policy with what default-src does not cover", async () => {
    const csp = (await app().request("/own")).headers.get("content-security-policy");
    expect(csp).toBe("default-src 'none'; img-src https:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
  });

  it("marks every answer nosniff, JSON and errors included, and sends no CORS headers", async () => {
    for (const path of ["/json", "/boom", "/nothing"]) {
      const res = await app().request(path, { headers: { origin: "https://evil.example" } });
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("access-control-allow-origin")).toBeNull();
    }
  });
});
