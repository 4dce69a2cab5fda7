import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeTempDirs, tempDir } from "../helpers/env.ts";
import { asModerator, httpRequest, postForm } from "../helpers/http.ts";
import { type StartedProcess, waitFor } from "../helpers/process.ts";
import { startComments, startNewsletter } from "../helpers/servers.ts";

// Crawls every page both services serve (the consoles, the docs, the form-post pages, the pages behind the links
// in real emails, the archive) plus their JSON and script answers, and checks the headers a browser relies on.

let comments: StartedProcess;
let newsletter: StartedProcess;

/** The links the file transport logged for the emails a service wrote so far. */
function mailedLinks(p: StartedProcess): string[] {
  return [...p.stdout().matchAll(/"links":\[([^\]]*)\]/g)].flatMap((m) => JSON.parse(`[${m[1]}]`) as string[]);
}

beforeAll(async () => {
  [comments, newsletter] = await Promise.all([
    startComments(await tempDir("headers-c"), {
      COMMENTS_MODERATOR_EMAIL: "mod@blog.example",
      COMMENTS_MAIL_POLL_INTERVAL: "50ms",
      COMMENTS_RATE_LIMIT: "0",
      COMMENTS_SOFT_RATE_LIMIT: "0",
    }),
    startNewsletter(await tempDir("headers-n"), {
      NEWSLETTER_MAIL_POLL_INTERVAL: "50ms",
      NEWSLETTER_POSTAL_ADDRESS: "Parlor, 1 Test Street, Tampa FL 33601",
      NEWSLETTER_RATE_LIMIT: "0",
      NEWSLETTER_SOFT_RATE_LIMIT: "0",
    }),
  ]);
});
afterAll(async () => {
  await Promise.all([comments?.stop(), newsletter?.stop()]);
  await removeTempDirs();
});

interface Seen {
  url: string;
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** Fetches each URL, and each same-origin link its HTML names (GET only), once. */
async function crawl(seeds: string[], limit = 60): Promise<Seen[]> {
  const seen = new Map<string, Seen>();
  const queue = [...seeds];
  while (queue.length > 0 && seen.size < limit) {
    const url = queue.shift() as string;
    if (seen.has(url)) continue;
    const res = await httpRequest(url);
    seen.set(url, { url, ...res });
    if (!String(res.headers["content-type"]).startsWith("text/html")) continue;
    for (const [, href] of res.text.matchAll(/href="([^"#]+)"/g)) {
      const next = new URL(href.replaceAll("&amp;", "&"), url);
      if (next.origin === new URL(url).origin && !seen.has(next.href)) queue.push(next.href);
    }
  }
  return [...seen.values()];
}

function cspProblems(csp: string | undefined): string[] {
  if (!csp) return ["no Content-Security-Policy"];
  const directives = new Map(
    csp.split(";").map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name.toLowerCase(), values.join(" ")] as const;
    }),
  );
  const scripts = directives.get("script-src") ?? directives.get("default-src") ?? "*";
  const problems: string[] = [];
  if (directives.get("default-src") !== "'none'") problems.push("default-src is not 'none'");
  if (/'unsafe-inline'|'unsafe-eval'|\*|https?:|data:/.test(scripts)) problems.push(`scripts allowed: ${scripts}`);
  if (directives.get("frame-ancestors") !== "'none'") problems.push("frame-ancestors is not 'none'");
  if (directives.get("base-uri") !== "'none'") problems.push("base-uri is not 'none'");
  if (!directives.has("form-action")) problems.push("no form-action");
  return problems;
}

function headerProblems(page: Seen): string[] {
  const h = page.headers;
  const problems: string[] = [];
  if (h["x-content-type-options"] !== "nosniff") problems.push("no nosniff");
  if (h["access-control-allow-origin"]) problems.push(`CORS: ${h["access-control-allow-origin"]}`);
  if (String(h["content-type"]).startsWith("text/html")) {
    problems.push(...cspProblems(h["content-security-policy"] as string | undefined));
    if (h["x-frame-options"] !== "DENY") problems.push("no X-Frame-Options: DENY");
    if (!h["referrer-policy"]) problems.push("no Referrer-Policy");
  }
  return problems.map((p) => `${page.status} ${page.url.replace(/token=[^&]+/, "token=…")}: ${p}`);
}

describe("every page both services serve carries strict security headers", () => {
  it("comments: consoles, docs, form pages, the moderation and notification link pages, JSON and scripts", async () => {
    const base = comments.url;
    // A held comment mails the moderator a one-click link; asking for reply notifications mails a confirm link.
    await postForm(`${base}/v1/comments`, { uri: "/blog/headers", name: "Ann", body: "A first comment." });
    const held = await fetch(`${base}/v1/comments`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        uri: "/blog/headers",
        author: { name: "Bo", email: "bo@example.com" },
        body: "Tell me about replies.",
        notifyReplies: true,
      }),
    });
    expect(held.status).toBe(201);
    expect(await waitFor(() => mailedLinks(comments).length >= 2, 10_000)).toBe(true);
    const formError = await postForm(`${base}/v1/comments`, { uri: "/blog/headers", name: "", body: "" });
    const crisis = await postForm(`${base}/v1/comments`, {
      uri: "/blog/headers",
      name: "Cy",
      body: "I want to kill myself tonight.",
    });
    expect(formError.status).toBe(400);
    expect(String(formError.headers["content-type"])).toContain("text/html");
    expect(String(crisis.headers["content-type"])).toContain("text/html");

    const pages = await crawl([
      `${base}/comments/admin`,
      `${base}/comments/docs`,
      `${base}/comments/embed.js`,
      `${base}/v1/comments?uri=/blog/headers`,
      `${base}/v1/counts?uri=/blog/headers`,
      `${base}/comments/moderate?token=forged`,
      `${base}/comments/notify/confirm?token=forged`,
      `${base}/comments/notify/unsubscribe?token=forged`,
      `${base}/v1/admin/comments`,
      `${base}/nothing`,
      ...mailedLinks(comments),
    ]);
    const all = [
      ...pages,
      { url: `${base}/v1/comments (form error)`, ...formError },
      { url: `${base}/v1/comments (crisis)`, ...crisis },
    ];
    const html = all.filter((p) => String(p.headers["content-type"]).startsWith("text/html"));
    console.log(`headers (comments): ${all.length} answers checked, ${html.length} of them HTML pages`);
    expect(html.length).toBeGreaterThanOrEqual(8);
    expect(all.flatMap(headerProblems)).toEqual([]);
  });

  it("newsletter: console, docs, signup and link pages, the archive, JSON and scripts", async () => {
    const base = newsletter.url;
    const signup = await postForm(`${base}/v1/subscriptions`, { email: "ann@example.com", consent: "on" });
    expect(await waitFor(() => mailedLinks(newsletter).some((l) => l.includes("/confirm?")), 10_000)).toBe(true);
    const confirmLink = mailedLinks(newsletter).find((l) => l.includes("/confirm?")) as string;
    const confirmed = await postForm(`${base}/v1/subscriptions/confirm`, {
      token: new URL(confirmLink).searchParams.get("token") as string,
    });
    expect(confirmed.status).toBe(200);
    // A sent issue puts a page in the archive; the welcome email and the issue carry unsubscribe links.
    const issue = (await (
      await asModerator(`${base}/v1/admin/newsletter/issues`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ subject: "Headers issue", markdown: "# Hello\n\nA [link](https://example.org)." }),
      })
    ).json()) as { id: string; slug: string };
    expect((await asModerator(`${base}/v1/admin/newsletter/issues/${issue.id}/send`, { method: "POST" })).status).toBe(
      202,
    );
    expect(
      await waitFor(() => mailedLinks(newsletter).some((l) => l.includes("/unsubscribe?")), 15_000),
      "an unsubscribe link mailed",
    ).toBe(true);
    let archived = false;
    for (let i = 0; i < 100 && !archived; i++) {
      const list = (await (await fetch(`${base}/v1/issues`)).json()) as { issues: { slug: string }[] };
      archived = list.issues.some((x) => x.slug === issue.slug);
      if (!archived) await new Promise((r) => setTimeout(r, 100));
    }
    expect(archived).toBe(true);

    const pages = await crawl([
      `${base}/newsletter/admin`,
      `${base}/newsletter/docs`,
      `${base}/newsletter/embed.js`,
      `${base}/v1/issues`,
      `${base}/v1/issues/${issue.slug}`,
      `${base}/v1/subscriptions/confirm?token=forged`,
      `${base}/v1/subscriptions/unsubscribe?token=forged`,
      `${base}/v1/admin/newsletter/subscribers`,
      `${base}/nothing`,
      ...mailedLinks(newsletter).filter((l) => l.startsWith(base)),
    ]);
    const all = [
      ...pages,
      { url: `${base}/v1/subscriptions (form)`, ...signup },
      { url: `${base}/v1/subscriptions/confirm (POST)`, ...confirmed },
    ];
    const html = all.filter((p) => String(p.headers["content-type"]).startsWith("text/html"));
    console.log(`headers (newsletter): ${all.length} answers checked, ${html.length} of them HTML pages`);
    expect(html.length).toBeGreaterThanOrEqual(7);
    expect(all.flatMap(headerProblems)).toEqual([]);
  });

  it("no answer lets another origin read it: no CORS on reads, writes or preflights", async () => {
    const evil = { origin: "https://evil.example" };
    const answers = await Promise.all([
      httpRequest(`${comments.url}/v1/comments?uri=/blog/headers`, { headers: evil }),
      httpRequest(`${comments.url}/v1/comments`, {
        method: "OPTIONS",
        headers: { ...evil, "access-control-request-method": "POST" },
      }),
      httpRequest(`${newsletter.url}/v1/subscriptions`, {
        method: "OPTIONS",
        headers: { ...evil, "access-control-request-method": "POST" },
      }),
      httpRequest(`${newsletter.url}/v1/issues`, { headers: evil }),
    ]);
    for (const a of answers) {
      expect(a.headers["access-control-allow-origin"]).toBeUndefined();
      expect(a.headers["access-control-allow-credentials"]).toBeUndefined();
    }
  });
});
