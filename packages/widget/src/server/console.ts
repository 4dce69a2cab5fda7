import type { Hono } from "hono";
import { html } from "hono/html";
import { widgetBuild } from "./build.ts";
import { type MountOptions, unavailable } from "./mount.ts";

export type ConsoleService = "comments" | "newsletter";

const TITLES: Record<ConsoleService, string> = { comments: "Comments console", newsletter: "Newsletter console" };

/**
 * The console page's policy. It loads nothing but its two same-origin files, so nothing inline has to be allowed:
 * a comment body the sanitizer let through by mistake still could not run a script or restyle the console.
 * Images may also come from `imageOrigins` (IMAGE_ORIGINS), the only origins a comment's or an issue's images
 * are allowed from, so moderators see them as readers do. The newsletter's console shows an issue's email in a
 * sandboxed frame (`srcdoc`), and a srcdoc document takes its parent's policy: the email's own inline styles need
 * `style-src 'unsafe-inline'` there. Scripts stay 'self'.
 *
 *   c.header("Content-Security-Policy", consoleCsp("comments", ["https://img.blog.example"]));
 */
export function consoleCsp(service: ConsoleService, imageOrigins: readonly string[] = []) {
  const newsletter = service === "newsletter";
  return [
    "default-src 'none'",
    "script-src 'self'",
    newsletter ? "style-src 'self' 'unsafe-inline'" : "style-src 'self'",
    "connect-src 'self'",
    ["img-src 'self'", ...imageOrigins].join(" "),
    ...(newsletter ? ["frame-src 'self'"] : []),
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** The comments console's policy where no image origin is set. */
export const CONSOLE_CSP = consoleCsp("comments");
/** The newsletter console's policy where no image origin is set. */
export const NEWSLETTER_CONSOLE_CSP = consoleCsp("newsletter");

/** The console's HTML: the header, the sign-in form and an empty app that the typed bundle fills in. */
export function consolePage(service: ConsoleService, assets: { script: string; style: string }, prefix: string) {
  const title = TITLES[service];
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<meta name="color-scheme" content="light dark">
<title>${title} · Parlor</title>
<link rel="stylesheet" href="${prefix}/assets/${assets.style}">
<script src="${prefix}/assets/${assets.script}" defer></script>
</head>
<body data-console="${service}">
<header class="bar">
  <p class="brand">Parlor</p>
  <h1>${title}</h1>
  <button type="button" id="sign-out" hidden>Sign out</button>
</header>
<main id="main">
  <noscript><p class="error">This console needs JavaScript.</p></noscript>
  <div id="error" class="error" role="alert" hidden></div>
  <section id="sign-in" class="sign-in" aria-labelledby="sign-in-title">
    <h2 id="sign-in-title">Sign in</h2>
    <!-- the field and button stay disabled until the script runs, so the token is never sent as a plain form -->
    <form id="sign-in-form" method="post" action="${prefix}/admin">
      <label for="token">Admin token</label>
      <input id="token" name="token" type="password" autocomplete="off" spellcheck="false" required minlength="24" aria-describedby="token-hint" disabled>
      <p class="hint" id="token-hint">Kept for this browser tab only, until you sign out or close it.</p>
      <button type="submit" id="sign-in-button" disabled>Sign in</button>
    </form>
  </section>
  <div id="console" class="console" hidden></div>
  <div class="dock">
    <p id="status" class="status" role="status" aria-live="polite"></p>
    <ul id="pending" class="pending" aria-labelledby="pending-title" hidden></ul>
    <p id="pending-title" class="visually-hidden">Decisions not sent yet</p>
  </div>
</main>
</body>
</html>
`;
}

/**
 * Serves the moderators' console at `${prefix}/admin`: a page that needs no token to load and holds no data.
 * Its bundle and stylesheet are the widget build's content-hashed `${prefix}/assets/console.<hash>.js|css`
 * (served by mountWidget); the script asks for the admin token, keeps it in sessionStorage and talks only to
 * the service's `/v1/admin/…` API with it.
 *
 *   mountWidget(app, { prefix: "/comments" });
 *   mountConsole(app, { prefix: "/comments", imageOrigins: config.IMAGE_ORIGINS });
 */
// biome-ignore lint/suspicious/noExplicitAny: each service's app has its own variables; this adds routes only.
export function mountConsole(app: Hono<any>, options: MountOptions & { imageOrigins?: readonly string[] }) {
  const service: ConsoleService = options.prefix === "/comments" ? "comments" : "newsletter";
  const path = `${options.prefix}/admin`;
  app.get(`${path}/`, (c) => c.redirect(path, 301));
  app.get(path, async (c) => {
    let assets: { script: string; style: string };
    try {
      assets = (await widgetBuild()).console;
    } catch (e) {
      return unavailable(c, e, "console");
    }
    c.header("Content-Security-Policy", consoleCsp(service, options.imageOrigins));
    c.header("X-Frame-Options", "DENY");
    c.header("Referrer-Policy", "no-referrer");
    c.header("X-Content-Type-Options", "nosniff");
    c.header("Cache-Control", "no-store");
    return c.html(consolePage(service, assets, options.prefix));
  });
}
