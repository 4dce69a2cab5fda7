import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, noBrowser } from "./helpers/browser.ts";
import { openTab } from "./helpers/console.ts";
import { removeTempDirs, tempDir } from "./helpers/env.ts";
import { asModerator } from "./helpers/http.ts";
import type { StartedProcess } from "./helpers/process.ts";
import { startComments } from "./helpers/servers.ts";

// A named moderator signs in to the console with their own token, acts, and finds their name in the audit log.
describe.skipIf(noBrowser)("the audit log in the comments console", () => {
  let service: StartedProcess;
  let browser: Browser;

  beforeAll(async () => {
    const dataDir = await tempDir("console-audit");
    [service, browser] = await Promise.all([startComments(dataDir, { LOG_LEVEL: "warn" }), launchChromium()]);
  });

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    await removeTempDirs();
  });

  it("shows who did what, newest first, as text", async () => {
    const made = await asModerator(`${service.url}/v1/admin/comments/moderators`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "Dr. Alice" }),
    });
    expect(made.status).toBe(201);
    const { token } = (await made.json()) as { token: string };
    const posted = await fetch(`${service.url}/v1/comments`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ uri: "/blog/a", author: { name: "<b>Ann</b>" }, body: "A question (audit)" }),
    });
    const { comment } = (await posted.json()) as { comment: { id: string } };

    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${service.url}/comments/admin`);
    await page.getByLabel("Admin token").fill(token);
    await page.getByRole("button", { name: "Sign in" }).click();
    const item = page.locator("#queue > .item", { hasText: "(audit)" });
    await item.getByRole("button", { name: "Approve" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: /Approved/ })
      .waitFor();

    await openTab(page, "Audit log");
    const entries = page.locator("#audit-list tr.audit-entry");
    await entries.first().waitFor();
    // Each entry a row: when, who, action, subject, page, change.
    const cells = (i: number) => entries.nth(i).locator("th, td").allTextContents();
    expect((await cells(0)).slice(1)).toEqual([
      "Dr. Alice",
      "comment.approve",
      comment.id,
      "/blog/a",
      "pending → approved",
    ]);
    expect((await cells(1)).slice(1, 4)).toEqual(["owner", "token.create", "Dr. Alice"]);
    await context.close();
  });
});
