import { Hono } from "hono";
import { consolePage } from "./console.page.ts";

/** `/newsletter/admin`: the moderators' and editors' console, a page that talks only to the admin API. */
export function consoleRoutes() {
  const app = new Hono();
  app.get("/newsletter/admin", (c) => {
    const nonce = crypto.randomUUID().replaceAll("-", "");
    c.header(
      "Content-Security-Policy",
      // Styles inline: the preview frame shows the email's own inline styles (its document inherits this policy).
      `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; connect-src 'self'; ` +
        "frame-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'",
    );
    c.header("Referrer-Policy", "no-referrer");
    c.header("X-Content-Type-Options", "nosniff");
    c.header("Cache-Control", "no-store");
    return c.html(consolePage(nonce));
  });
  return app;
}
