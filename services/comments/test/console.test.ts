import { describe, expect, it } from "vitest";
import { CONSOLE_CSP } from "../src/console/console.routes.ts";
import { createTestApp, postComment } from "./helpers.ts";

describe("the moderator console page", () => {
  it("is served without a token, under a strict CSP, never cached, and holds no comment data", async () => {
    const t = await createTestApp();
    await postComment(t, { name: "Quentin Queue", body: "queued-secret-text", email: "q@example.com", approve: false });
    const res = await t.call("GET", "/comments/admin");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html; charset=utf-8/i);
    expect(res.headers.get("content-security-policy")).toBe(CONSOLE_CSP);
    expect(CONSOLE_CSP).toContain("default-src 'none'");
    expect(CONSOLE_CSP).toContain("script-src 'self';");
    expect(CONSOLE_CSP).toContain("frame-ancestors 'none'");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    expect(res.headers.get("cache-control")).toBe("no-store");
    const page = await res.text();
    expect(page).toMatch(/<form id="sign-in-form"/);
    expect(page).toMatch(/<label for="token">Admin token<\/label>/);
    expect(page).toMatch(/<input id="token" name="token" type="password"/);
    expect(page).toMatch(/<script src="\/comments\/assets\/console\.[0-9a-f]{12}\.js" defer><\/script>/);
    expect(page).toMatch(/<link rel="stylesheet" href="\/comments\/assets\/console-style\.[0-9a-f]{12}\.css">/);
    expect(page).toContain('aria-live="polite"');
    // Nothing inline for the CSP to block, and nothing from the queue.
    expect(page).not.toMatch(/<script(?![^>]*\bsrc=)/);
    expect(page).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
    for (const secret of ["queued-secret-text", "Quentin", "q@example.com"]) expect(page).not.toContain(secret);
  });

  it("lets images from IMAGE_ORIGINS show, as comments may hold them, and no other origin's", async () => {
    const t = await createTestApp({ IMAGE_ORIGINS: ["https://img.example", "http://127.0.0.1:8080"] });
    const csp = (await t.call("GET", "/comments/admin")).headers.get("content-security-policy") as string;
    const img = csp.split("; ").find((d) => d.startsWith("img-src "));
    expect(img).toBe("img-src 'self' https://img.example http://127.0.0.1:8080");
    expect(csp.replace(img as string, "img-src 'self'")).toBe(CONSOLE_CSP);
  });

  it("serves its script and stylesheet from the same origin with their content types", async () => {
    const t = await createTestApp();
    const page = await (await t.call("GET", "/comments/admin")).text();
    const [script, style] = [/src="([^"]+\.js)"/, /href="([^"]+\.css)"/].map((re) => re.exec(page)?.[1] as string);
    expect(script).toMatch(/^\/comments\//);
    expect(style).toMatch(/^\/comments\//);
    const js = await t.call("GET", script);
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(js.headers.get("x-content-type-options")).toBe("nosniff");
    const code = await js.text();
    expect(code).toContain("/v1/admin/comments");
    expect(code).toContain("sessionStorage");
    expect(code).not.toMatch(/localStorage|document\.cookie|https?:\/\//);

    const css = await t.call("GET", style);
    expect(css.status).toBe(200);
    expect(css.headers.get("content-type")).toBe("text/css; charset=utf-8");
    const sheet = await css.text();
    expect(sheet).toMatch(/prefers-color-scheme: ?dark/);
    expect(sheet).not.toMatch(/@import|url\(/);

    const etag = js.headers.get("etag") as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await t.call("GET", script, undefined, { "If-None-Match": etag });
    expect(again.status).toBe(304);
  });

  it("sends a trailing-slash visit to the page, and leaves the admin API behind its token", async () => {
    const t = await createTestApp();
    const slash = await t.call("GET", "/comments/admin/");
    expect(slash.status).toBe(301);
    expect(slash.headers.get("location")).toBe("/comments/admin");
    const api = await t.call("GET", "/v1/admin/comments");
    expect(api.status).toBe(401);
    expect(api.headers.get("www-authenticate")).toMatch(/^Bearer/);
  });
});
