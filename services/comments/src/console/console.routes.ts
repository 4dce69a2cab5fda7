import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { type Context, Hono } from "hono";
import { html } from "hono/html";

export const CONSOLE_PATH = "/comments/admin";

// The page loads nothing but these two same-origin files, so nothing inline has to be allowed: a comment body
// the sanitizer let through by mistake still could not run a script or restyle the console.
export const CONSOLE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; " +
  "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** One static asset, read once when the routes are built, with a strong ETag so a browser revalidates cheaply. */
function asset(file: string, type: string) {
  const body = readFileSync(new URL(file, import.meta.url), "utf8");
  const etag = `"${createHash("sha256").update(body).digest("base64url").slice(0, 22)}"`;
  return (c: Context) => {
    c.header("Content-Type", type);
    c.header("Cache-Control", "no-cache");
    c.header("X-Content-Type-Options", "nosniff");
    c.header("ETag", etag);
    if (c.req.header("if-none-match") === etag) return c.body(null, 304);
    return c.body(body);
  };
}

/**
 * The moderators' console at `/comments/admin`: a static page that needs no token to load and holds no
 * comment data. Its script asks for the admin token, keeps it in sessionStorage, and talks only to
 * `/v1/admin/comments…` with it.
 */
export function consoleRoutes() {
  const app = new Hono();
  app.get(`${CONSOLE_PATH}/console.js`, asset("./console.client.js", "text/javascript; charset=utf-8"));
  app.get(`${CONSOLE_PATH}/console.tools.js`, asset("./console.tools.js", "text/javascript; charset=utf-8"));
  app.get(`${CONSOLE_PATH}/console.css`, asset("./console.css", "text/css; charset=utf-8"));
  app.get(`${CONSOLE_PATH}/`, (c) => c.redirect(CONSOLE_PATH, 301));
  app.get(CONSOLE_PATH, (c) => {
    c.header("Content-Security-Policy", CONSOLE_CSP);
    c.header("X-Frame-Options", "DENY");
    c.header("Referrer-Policy", "no-referrer");
    c.header("X-Content-Type-Options", "nosniff");
    c.header("Cache-Control", "no-store");
    return c.html(consolePage());
  });
  return app;
}

const STATUSES = [
  ["pending", "Pending"],
  ["approved", "Approved"],
  ["rejected", "Rejected"],
  ["spam", "Spam"],
  ["reported", "Reported"],
] as const;

const FLAG_NAMES = [
  "crisis",
  "contact_details",
  "link_count",
  "blocked_word",
  "rate",
  "reported",
  "honeypot",
  "blocked",
];

const ACTIONS = [
  ["approve", "Approve"],
  ["reject", "Reject"],
  ["spam", "Spam"],
  ["delete", "Delete"],
] as const;

function consolePage() {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<meta name="color-scheme" content="light dark">
<title>Comments moderation · Parlor</title>
<link rel="stylesheet" href="${CONSOLE_PATH}/console.css">
<script type="module" src="${CONSOLE_PATH}/console.js"></script>
</head>
<body>
<header class="bar">
  <h1>Comments moderation</h1>
  <button type="button" id="sign-out" hidden>Sign out</button>
</header>
<main>
  <p id="status" class="status" role="status" aria-live="polite"></p>
  <div id="error" class="error" role="alert" hidden></div>
  <noscript><p class="error">This console needs JavaScript.</p></noscript>

  <section id="sign-in" aria-labelledby="sign-in-title">
    <h2 id="sign-in-title">Sign in</h2>
    <form id="sign-in-form" method="post" action="${CONSOLE_PATH}">
      <!-- disabled until the script runs, so the token is never submitted as a plain form -->
      <fieldset id="sign-in-fields" disabled>
        <label for="token">Admin token</label>
        <input id="token" name="token" type="password" autocomplete="off" spellcheck="false" required minlength="24">
        <p class="hint" id="token-hint">Kept for this browser tab only, until you sign out or close it.</p>
        <button type="submit">Sign in</button>
      </fieldset>
    </form>
  </section>

  <section id="console" aria-label="Moderation queue" hidden>
    <div class="controls">
      <fieldset class="tabs">
        <legend>Show</legend>
        ${STATUSES.map(
          ([value, label]) =>
            html`<label><input type="radio" name="status" value="${value}"${value === "pending" ? " checked" : ""}> ${label}</label>`,
        )}
      </fieldset>
      <form id="search-form" role="search">
        <label for="q">Search</label>
        <input id="q" name="q" type="search" maxlength="200" placeholder="Text, name, email or page">
        <button type="submit">Search</button>
      </form>
    </div>
    <details id="filters" class="filters">
      <summary>More filters</summary>
      <div class="filter-fields">
        <span><label for="f-author">Author name</label><input id="f-author" form="search-form" name="author" maxlength="100" autocomplete="off"></span>
        <span><label for="f-email">Author email</label><input id="f-email" form="search-form" name="email" maxlength="254" autocomplete="off" placeholder="@example.com finds a domain"></span>
        <span><label for="f-uri">Page starts with</label><input id="f-uri" form="search-form" name="uri" maxlength="2048" placeholder="/blog/"></span>
        <span><label for="f-flag">Flag</label><select id="f-flag" form="search-form" name="flag"><option value="">any</option>${FLAG_NAMES.map(
          (f) => html`<option value="${f}">${f}</option>`,
        )}</select></span>
        <span><label for="f-from">Written from</label><input id="f-from" form="search-form" name="from" type="date"></span>
        <span><label for="f-to">Written until</label><input id="f-to" form="search-form" name="to" type="date"></span>
      </div>
      <p class="hint">Press Search to apply. Empty fields are ignored.</p>
    </details>
    <p id="crisis-banner" class="crisis-banner" hidden></p>
    <div class="bulk" role="group" aria-label="Selected comments">
      <label><input type="checkbox" id="select-all"> Select all</label>
      <span id="selected-count" class="count">None selected</span>
      ${ACTIONS.map(
        ([action, label]) =>
          html`<button type="button" class="bulk-action" data-action="${action}" disabled>${label} selected</button>`,
      )}
    </div>
    <ol id="queue" class="queue" aria-label="Comments"></ol>
    <p id="empty" class="empty" hidden>Nothing here.</p>
    <button type="button" id="more" hidden>Load more</button>
    <details id="audit" class="audit">
      <summary>Audit log: who did what</summary>
      <ol id="audit-list" class="audit-list" aria-label="Audit log, newest first"></ol>
      <button type="button" id="audit-more" hidden>Older entries</button>
    </details>
  </section>

  <section id="blocks" class="tool" aria-labelledby="blocks-title" hidden>
    <h2 id="blocks-title">Block lists</h2>
    <p class="hint">A blocked address, domain or client has its comments filed as spam without telling them.
      A blocked word holds a comment for you to read (flag “blocked word”).</p>
    <form id="block-form" class="tool-form">
      <span><label for="b-kind">Kind</label><select id="b-kind" name="kind">
        <option value="email">Email address</option>
        <option value="domain">Email domain</option>
        <option value="word">Word or phrase</option>
        <option value="client">Client hash</option>
      </select></span>
      <span><label for="b-value">Value</label><input id="b-value" name="value" required maxlength="320" autocomplete="off"></span>
      <span><label for="b-note">Note</label><input id="b-note" name="note" maxlength="200" autocomplete="off"></span>
      <button type="submit">Add block</button>
    </form>
    <ul id="block-list" class="block-list" aria-label="Blocks"></ul>
    <p id="blocks-empty" class="empty" hidden>Nothing is blocked.</p>
  </section>

  <section id="threads" class="tool" aria-labelledby="threads-title" hidden>
    <h2 id="threads-title">Threads</h2>
    <form id="thread-form" class="tool-form">
      <span><label for="t-uri">Page</label><input id="t-uri" name="uri" required maxlength="2048" placeholder="/blog/some-article"></span>
      <button type="submit" name="act" value="check">Check</button>
      <button type="submit" name="act" value="close">Close comments</button>
      <button type="submit" name="act" value="reopen">Reopen comments</button>
    </form>
    <p id="thread-state" class="thread-state"></p>
  </section>
</main>
</body>
</html>
`;
}
