import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { widgetBuild } from "./build.ts";
import { CONSOLE_CSP, mountConsole, NEWSLETTER_CONSOLE_CSP } from "./console.ts";
import { mountWidget } from "./mount.ts";

function app(prefix: "/comments" | "/newsletter") {
  const a = new Hono();
  mountWidget(a, { prefix });
  mountConsole(a, { prefix });
  return a;
}

describe("the moderators' console, one build for both services", () => {
  it("serves each service's page with the same bundle and stylesheet, which no reader's page loads", async () => {
    const build = await widgetBuild();
    const pages = await Promise.all(
      (["/comments", "/newsletter"] as const).map(async (prefix) => {
        const res = await app(prefix).request(`${prefix}/admin`);
        expect(res.status).toBe(200);
        expect(res.headers.get("cache-control")).toBe("no-store");
        return res.text();
      }),
    );
    expect(pages[0]).toContain('<body data-console="comments">');
    expect(pages[1]).toContain('<body data-console="newsletter">');
    for (const [i, prefix] of (["/comments", "/newsletter"] as const).entries()) {
      expect(pages[i]).toContain(`src="${prefix}/assets/${build.console.script}"`);
      expect(pages[i]).toContain(`href="${prefix}/assets/${build.console.style}"`);
      // The same header and wording in both.
      expect(pages[i]).toContain('<button type="button" id="sign-out" hidden>Sign out</button>');
      const js = await app(prefix).request(`${prefix}/assets/${build.console.script}`);
      expect(js.status).toBe(200);
    }
    expect(build.reader).not.toContain(build.console.script);
    const loader = new TextDecoder().decode(build.loaders.comments.body);
    expect(loader).not.toContain(build.console.script);
    expect(loader).not.toContain(build.console.style);
  });

  it("locks scripts to the service itself; only the newsletter's email preview may use inline styles", async () => {
    const comments = await app("/comments").request("/comments/admin");
    const newsletter = await app("/newsletter").request("/newsletter/admin");
    expect(comments.headers.get("content-security-policy")).toBe(CONSOLE_CSP);
    expect(newsletter.headers.get("content-security-policy")).toBe(NEWSLETTER_CONSOLE_CSP);
    for (const csp of [CONSOLE_CSP, NEWSLETTER_CONSOLE_CSP]) {
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self';");
      expect(csp).toContain("frame-ancestors 'none'");
    }
    expect(CONSOLE_CSP).not.toContain("unsafe-inline");
    // Without image origins, exactly the policies served before IMAGE_ORIGINS reached the console.
    expect(CONSOLE_CSP).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; " +
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    );
    expect(NEWSLETTER_CONSOLE_CSP).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; img-src 'self'; " +
        "frame-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    );
    const withImages = new Hono();
    mountConsole(withImages, { prefix: "/comments", imageOrigins: ["https://img.example"] });
    const shown = await withImages.request("/comments/admin");
    expect(shown.headers.get("content-security-policy")).toBe(
      CONSOLE_CSP.replace("img-src 'self'", "img-src 'self' https://img.example"),
    );
    expect(comments.headers.get("x-frame-options")).toBe("DENY");
    const slash = await app("/newsletter").request("/newsletter/admin/");
    expect(slash.status).toBe(301);
    expect(slash.headers.get("location")).toBe("/newsletter/admin");
  });
});
