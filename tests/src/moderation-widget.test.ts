import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, noBrowser, seed } from "./helpers/browser.ts";
import { openTab } from "./helpers/console.ts";
import { ADMIN_TOKEN, removeTempDirs, tempDir } from "./helpers/env.ts";
import { asModerator } from "./helpers/http.ts";
import type { StartedProcess } from "./helpers/process.ts";
import { startComments } from "./helpers/servers.ts";

describe.skipIf(noBrowser)("the moderation tools, as a reader meets them in the widget", () => {
  let comments: StartedProcess;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [comments, browser] = await Promise.all([
      startComments(await tempDir("moderation-widget"), {
        COMMENTS_RATE_LIMIT: "0",
        COMMENTS_SOFT_RATE_LIMIT: "0",
        COMMENTS_TRUST_PROXY: "1", // the console test reports as two readers, told apart by X-Forwarded-For
      }),
      launchChromium(),
    ]);
  });

  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close().catch(() => {})));
    await browser?.close();
    await comments?.stop();
    await removeTempDirs();
  });

  /** A page on the service's own origin with only the comments box for thread `uri`. */
  async function open(uri: string) {
    const context = await browser.newContext({ viewport: { width: 900, height: 900 } });
    contexts.push(context);
    await context.route(`${comments.url}/page`, (route) =>
      route.fulfill({
        contentType: "text/html; charset=utf-8",
        body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title></head><body>
<div data-parlor-comments data-uri="${uri}"></div><script src="/comments/embed.js" defer></script></body></html>`,
      }),
    );
    const page = await context.newPage();
    await page.goto(`${comments.url}/page`);
    await page.locator("[data-parlor-ready]").waitFor();
    return page;
  }

  it("reports a comment with a reason, says thanks, and the moderators see it in the reported view", async () => {
    const [id] = await seed(comments.url, "/t/report", [{ name: "Loud", body: "Stop taking your medication." }]);
    const page = await open("/t/report");
    const item = page.locator(`#comment-${id}`);
    await item.getByRole("button", { name: "Report the comment by Loud" }).click();
    const form = item.getByRole("form", { name: "Report the comment by Loud" });
    await form.getByLabel("Why should a moderator look at it?").selectOption("misinformation");
    await form.getByRole("button", { name: "Send report" }).click();
    await item.getByRole("status").filter({ hasText: "Thanks — a moderator will take a look." }).waitFor();
    expect(await item.getByRole("button", { name: /Report/ }).count()).toBe(0);

    const res = await asModerator(`${comments.url}/v1/admin/comments?status=reported`);
    const { comments: reported } = await res.json();
    expect(reported).toHaveLength(1);
    expect(reported[0]).toMatchObject({ id, reports: { count: 1, reasons: { misinformation: 1 } } });
    // Still published: a report alone hides nothing.
    await item.getByText("Stop taking your medication.").waitFor();
  });

  it("shows “Comments are closed” instead of the form on a closed page, and the form again once reopened", async () => {
    await seed(comments.url, "/t/closed", [{ name: "Early", body: "First!" }]);
    const close = await asModerator(`${comments.url}/v1/admin/comments/threads/close`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ uri: "/t/closed" }),
    });
    expect(close.status).toBe(200);
    const page = await open("/t/closed");
    await page.getByText("Comments are closed.").waitFor();
    await page.getByText("First!").waitFor();
    expect(await page.getByRole("form", { name: "Leave a comment" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: /^Reply/ }).count()).toBe(0);

    await asModerator(`${comments.url}/v1/admin/comments/threads/reopen`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ uri: "/t/closed" }),
    });
    const again = await open("/t/closed");
    await again.getByRole("form", { name: "Leave a comment" }).waitFor();
    expect(await again.getByText("Comments are closed.").count()).toBe(0);
  });

  it("keeps the reader's text and says so when the page closes while they write", async () => {
    const page = await open("/t/closing");
    await asModerator(`${comments.url}/v1/admin/comments/threads/close`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ uri: "/t/closing" }),
    });
    const form = page.getByRole("form", { name: "Leave a comment" });
    await form.getByLabel("Your comment").fill("A long thought I do not want to lose.");
    await form.getByLabel("Name").fill("Late");
    await form.getByRole("button", { name: "Post comment" }).click();
    await page.getByText("Comments on this page are now closed, so this was not posted.").waitFor();
    await page.getByText("Comments are closed.").waitFor();
    expect(await form.getByLabel("Your comment").inputValue()).toBe("A long thought I do not want to lose.");
  });

  it("lets a moderator read the reports, dismiss them, block an author, keep block lists and close a page in the console", async () => {
    const [reportedId, spammerId] = await seed(comments.url, "/t/console", [
      { name: "Reported", body: "A claim readers disliked." },
      { name: "Spammer", body: "Cheap pills here." },
    ]);
    for (const ip of ["1", "2"]) {
      await fetch(`${comments.url}/v1/comments/${reportedId}/report`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": `192.0.2.${ip}` },
        body: JSON.stringify({ reason: "abuse", note: `note ${ip}` }),
      });
    }
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    const trouble: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy|error/i.test(m.text())) trouble.push(m.text());
    });
    await page.goto(`${comments.url}/comments/admin`);
    await page.getByLabel("Admin token").fill(ADMIN_TOKEN);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("tab", { name: "Blocks" }).waitFor();

    // The reported view: the count, the reasons and the readers' notes; dismissing takes it off the list.
    await openTab(page, "Reported");
    const reported = page.locator("#reported-list > .item", { hasText: "A claim readers disliked." });
    await reported.getByText("2 reader reports: harassment or hate (2)").waitFor();
    await reported.getByText("note 1").waitFor();
    await reported.getByRole("button", { name: "Dismiss reports" }).click();
    await reported.waitFor({ state: "detached" });
    await page.getByRole("status").filter({ hasText: "Reports dismissed" }).waitFor();

    // Block this author from the published list: the comment goes to spam and the blocks appear in the list.
    await openTab(page, "Search");
    await page.getByLabel("Status").selectOption("approved");
    await page.getByRole("button", { name: "Search" }).click();
    const spammer = page.locator("#results > .item", { hasText: "Cheap pills here." });
    await spammer.getByRole("button", { name: "Block author" }).click();
    await spammer.getByRole("button", { name: "Block address and client?" }).click();
    await spammer.waitFor({ state: "detached" });
    await openTab(page, "Blocks");
    await page.locator("#block-list tr", { hasText: "Client" }).waitFor();
    const spam = await (await asModerator(`${comments.url}/v1/admin/comments?status=spam`)).json();
    expect(spam.comments.map((c: { id: string }) => c.id)).toEqual([spammerId]);

    // A word, added and removed.
    await page.getByLabel("Kind").selectOption("word");
    await page.getByLabel("Value").fill("miracle cure");
    await page.getByRole("button", { name: "Add block" }).click();
    const word = page.locator("#block-list tr", { hasText: "miracle cure" });
    await word.waitFor();
    await word.getByRole("button", { name: "Remove" }).click();
    await word.waitFor({ state: "detached" });

    // Close a page; the API then refuses new comments there.
    await openTab(page, "Threads");
    await page.getByLabel("Page", { exact: true }).fill("/t/console");
    await page.getByRole("button", { name: "Close comments" }).click();
    await page.locator("#thread-state", { hasText: "/t/console: closed by a moderator." }).waitFor();
    const refused = await fetch(`${comments.url}/v1/comments`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ uri: "/t/console", author: { name: "X" }, body: "too late" }),
    });
    expect(refused.status).toBe(409);
    expect(trouble).toEqual([]);
  });
});
