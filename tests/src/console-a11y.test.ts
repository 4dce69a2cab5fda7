import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, noBrowser } from "./helpers/browser.ts";
import { axeViolations, htmlErrors, openTab, shownPanel, signIn } from "./helpers/console.ts";
import { removeTempDirs, tempDir } from "./helpers/env.ts";
import { asModerator } from "./helpers/http.ts";
import type { StartedProcess } from "./helpers/process.ts";
import { startComments, startNewsletter } from "./helpers/servers.ts";

const TITLE = "Magnesium and sleep: what the trials say";

// Every view of both consoles, at a desktop width and a phone's, checked by two tools nobody on the team wrote:
// axe-core (no violation of impact critical, serious or moderate) and html-validate (standard preset, no error).
// With CONSOLE_SCREENSHOTS=<folder> each view is also photographed there (docs/screenshots/console/).
const WIDTHS = [
  { name: "1280", viewport: { width: 1280, height: 800 } },
  { name: "390", viewport: { width: 390, height: 844 } },
];
const SHOTS = process.env.CONSOLE_SCREENSHOTS;
if (SHOTS) mkdirSync(SHOTS, { recursive: true });

async function json(url: string, body: unknown, admin = false) {
  const init = { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
  const res = admin ? await asModerator(url, init) : await fetch(url, init);
  if (res.status >= 300) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  return res.json();
}

describe.skipIf(noBrowser)("both consoles, checked by axe-core and html-validate at 1280 and 390 px", () => {
  let comments: StartedProcess;
  let newsletter: StartedProcess;
  let browser: Browser;
  const found: string[] = [];

  /** Checks the page as it is now; what either tool finds is collected, named by view and width. */
  async function check(page: Page, service: string, view: string, width: string) {
    for (const problem of await axeViolations(page)) found.push(`${service} ${view} @${width} axe ${problem}`);
    for (const problem of await htmlErrors(page)) found.push(`${service} ${view} @${width} html-validate ${problem}`);
    // The queue whole (a reply with its parent, the flags), the other views as the window shows them.
    // (The status line floats over the window; on the whole page it would sit mid-list, so it is left out there.)
    const whole = view === "queue";
    const path = join(SHOTS ?? "", `${service}-${view}-${width}.png`);
    if (SHOTS)
      await page.screenshot({ path, fullPage: whole, style: whole ? ".dock { visibility: hidden; }" : undefined });
  }

  beforeAll(async () => {
    [comments, newsletter, browser] = await Promise.all([
      startComments(await tempDir("console-a11y-c"), {
        LOG_LEVEL: "warn",
        COMMENTS_RATE_LIMIT: "0",
        COMMENTS_SOFT_RATE_LIMIT: "0",
        COMMENTS_TRUST_PROXY: "1",
      }),
      startNewsletter(await tempDir("console-a11y-n"), {
        LOG_LEVEL: "warn",
        NEWSLETTER_RATE_LIMIT: "0",
        NEWSLETTER_SOFT_RATE_LIMIT: "0",
        NEWSLETTER_ADDRESS_RATE_LIMIT: "0",
      }),
      launchChromium(),
    ]);
    const c = comments.url;
    const post = (body: Record<string, unknown>) =>
      json(`${c}/v1/comments`, { uri: "/blog/magnesium-and-sleep", ...body }) as Promise<{ comment: { id: string } }>;
    const parent = await post({ author: { name: "Dr. Kim" }, body: "Magnesium helps **some** people sleep." });
    await json(`${c}/v1/admin/comments/${parent.comment.id}/approve`, {}, true);
    await post({
      author: { name: "Ana", email: "ana@example.com" },
      body: "Thank you, this was clear.",
      pageTitle: TITLE, // as the widget sends it
    });
    await post({ author: { name: "Pat" }, body: "Call me at 555-123-4567 about dosing.", parentId: parent.comment.id });
    await post({ author: { name: "Casey" }, body: "Some nights I think about ending my life." });
    await post({
      author: { name: "Sam", website: "https://example.org" },
      body: "See [this](https://a.example) and [that](https://b.example) and [more](https://c.example).",
    });
    for (const ip of ["192.0.2.1", "192.0.2.2"])
      await fetch(`${c}/v1/comments/${parent.comment.id}/report`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": ip },
        body: JSON.stringify({ reason: "misinformation", note: "Needs a source." }),
      });
    await json(`${c}/v1/admin/comments/blocks`, { kind: "domain", value: "spam.example", note: "March wave" }, true);
    await json(`${c}/v1/admin/comments/blocks`, { kind: "word", value: "miracle cure" }, true);

    const n = newsletter.url;
    for (const email of ["someone@mailinator.com", "admin@yopmail.com"])
      await json(`${n}/v1/subscriptions`, { email, consent: true });
    for (const email of ["reader@example.com", "another.reader@example.org"])
      await json(`${n}/v1/subscriptions`, { email, name: "A reader", consent: true });
    for (const topic of [
      { slug: "new-articles", name: "New articles", description: "Every new post on the blog" },
      { slug: "weekly-tips", name: "Weekly tips" },
    ])
      await json(`${n}/v1/admin/newsletter/topics`, topic, true);
    await json(
      `${n}/v1/admin/newsletter/issues`,
      { subject: "Sleep, magnesium and you", markdown: "# Sleep\n\nA few **plain** facts.", topics: ["weekly-tips"] },
      true,
    );
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all([comments?.stop(), newsletter?.stop()]);
    await removeTempDirs();
  });

  it("finds nothing on any view of the comments console", async () => {
    found.length = 0;
    for (const { name, viewport } of WIDTHS) {
      const context = await browser.newContext({ viewport, bypassCSP: true });
      const page = await context.newPage();
      await page.goto(`${comments.url}/comments/admin`);
      await check(page, "comments", "sign-in", name);
      await signIn(page);
      // After signing in on a phone, the page is at its top: the header is in view.
      expect(await page.evaluate(() => window.scrollY), `scrolled @${name}`).toBe(0);
      await page.locator("#queue > .item").first().waitFor();
      await check(page, "comments", "queue", name);
      // Each held comment shows the title of the page it was posted under.
      const ana = page.locator("#queue > .item", { hasText: "Thank you, this was clear." });
      expect(await ana.locator(".where .page-title").textContent(), name).toBe(TITLE);
      // A decision waiting with its Undo, and the list of shortcuts open over the queue.
      await page.locator("#queue > .item").nth(1).getByRole("button", { name: "Reject" }).click();
      await page.locator("#pending > li").waitFor();
      await page.keyboard.press("?");
      await page.getByRole("dialog", { name: "Keyboard shortcuts" }).waitFor();
      await check(page, "comments", "undo-and-shortcuts", name);
      await page.keyboard.press("Escape");
      await page.getByRole("button", { name: /^Undo rejecting/ }).click();
      await page.locator("#pending > li").waitFor({ state: "detached" });
      for (const [tab, view] of [
        ["Reported", "reported"],
        ["Search", "search"],
        ["Blocks", "blocks"],
        ["Threads", "threads"],
        ["Audit log", "audit"],
      ]) {
        await openTab(page, tab);
        if (view === "threads") {
          await shownPanel(page).getByLabel("Page", { exact: true }).fill("/blog/magnesium-and-sleep");
          await shownPanel(page).getByRole("button", { name: "Check" }).click();
          await page.locator("#thread-state:not(:empty)").waitFor();
        }
        await check(page, "comments", view, name);
      }
      await context.close();
    }
    expect(found).toEqual([]);
  });

  it("finds nothing on any view of the newsletter console", async () => {
    found.length = 0;
    for (const { name, viewport } of WIDTHS) {
      const context = await browser.newContext({ viewport, bypassCSP: true });
      const page = await context.newPage();
      await page.goto(`${newsletter.url}/newsletter/admin`);
      await check(page, "newsletter", "sign-in", name);
      await signIn(page);
      expect(await page.evaluate(() => window.scrollY), `scrolled @${name}`).toBe(0);
      await shownPanel(page).locator("tr.entry").first().waitFor();
      await check(page, "newsletter", "review", name);
      await openTab(page, "Subscribers");
      await check(page, "newsletter", "subscribers", name);
      await openTab(page, "Issues");
      await shownPanel(page).getByRole("button", { name: /^Edit/ }).click();
      await shownPanel(page).getByLabel("Subject").waitFor();
      // The draft goes to the topic it was given: its box is ticked.
      expect(await shownPanel(page).getByRole("checkbox", { name: "Weekly tips" }).isChecked()).toBe(true);
      await page.locator("iframe.preview[srcdoc*='plain']").waitFor({ state: "attached" });
      await check(page, "newsletter", "editor", name);
      await openTab(page, "Issues");
      await check(page, "newsletter", "issues", name);
      await openTab(page, "Topics");
      await shownPanel(page).getByRole("rowheader", { name: "Weekly tips" }).waitFor();
      await check(page, "newsletter", "topics", name);
      await context.close();
    }
    expect(found).toEqual([]);
  });
});
