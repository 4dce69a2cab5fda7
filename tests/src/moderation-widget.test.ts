import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, noBrowser, seed } from "./helpers/browser.ts";
import { removeTempDirs, tempDir } from "./helpers/env.ts";
import { asModerator } from "./helpers/http.ts";
import type { StartedProcess } from "./helpers/process.ts";
import { startComments } from "./helpers/servers.ts";

describe.skipIf(noBrowser)("the moderation tools, as a reader meets them in the widget", () => {
  let comments: StartedProcess;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [comments, browser] = await Promise.all([
      startComments(await tempDir("moderation-widget"), { COMMENTS_RATE_LIMIT: "0", COMMENTS_SOFT_RATE_LIMIT: "0" }),
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
});
