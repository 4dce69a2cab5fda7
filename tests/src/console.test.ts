import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, noBrowser } from "./helpers/browser.ts";
import { openTab } from "./helpers/console.ts";
import { ADMIN_TOKEN, removeTempDirs, tempDir } from "./helpers/env.ts";
import { asModerator, readThread } from "./helpers/http.ts";
import type { StartedProcess } from "./helpers/process.ts";
import { startComments } from "./helpers/servers.ts";

const PAGE = "/blog/neuroplasticity-and-psychedelics";
const XSS_NAME = "<img src=x onerror=alert(1)>";

interface Watched {
  page: Page;
  /** Every dialog, CSP violation and request to another origin the page made: each test expects none. */
  trouble: string[];
}

// Under CI a missing chromium fails the run instead of skipping it: a green CI must have tested the browser.
describe.skipIf(noBrowser)("a moderator in the comments console", () => {
  let service: StartedProcess;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const ids: Record<string, string> = {};

  async function post(key: string, author: { name: string; email?: string; website?: string }, body: string) {
    const res = await fetch(`${service.url}/v1/comments`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ uri: PAGE, author, body: `${body} (${key})` }),
    });
    if (res.status !== 201) throw new Error(`post ${key}: ${res.status} ${await res.text()}`);
    const created = (await res.json()) as { comment: { id: string; status: string } };
    expect(created.comment.status).toBe("pending");
    ids[key] = created.comment.id;
  }

  async function statusOf(id: string) {
    for (const status of ["pending", "approved", "rejected", "spam"]) {
      const res = await asModerator(`${service.url}/v1/admin/comments?status=${status}&limit=100`);
      const { comments } = (await res.json()) as { comments: { id: string }[] };
      if (comments.some((c) => c.id === id)) return status;
    }
    return "gone";
  }

  async function open(): Promise<Watched> {
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    const trouble: string[] = [];
    page.on("dialog", (d) => {
      trouble.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    page.on("console", (m) => {
      if (/Content Security Policy/i.test(m.text())) trouble.push(`csp: ${m.text()}`);
    });
    page.on("request", (r) => {
      if (new URL(r.url()).origin !== service.url) trouble.push(`request: ${r.url()}`);
    });
    const res = await page.goto(`${service.url}/comments/admin`);
    expect(res?.status()).toBe(200);
    return { page, trouble };
  }

  async function signIn(page: Page, token = ADMIN_TOKEN) {
    await page.getByLabel("Admin token").fill(token);
    await page.getByRole("button", { name: "Sign in" }).click();
  }

  // The comments of the tab in view (the queue, or the search results).
  const items = (page: Page) => page.locator("[role=tabpanel]:not([hidden]) ol.queue > .item");
  const item = (page: Page, key: string) => items(page).filter({ hasText: `(${key})` });
  const saidStatus = (page: Page, text: RegExp) => page.getByRole("status").filter({ hasText: text }).waitFor();

  beforeAll(async () => {
    const dataDir = await tempDir("console");
    [service, browser] = await Promise.all([startComments(dataDir, { LOG_LEVEL: "warn" }), launchChromium()]);
    await post("plain-a", { name: "Ana", email: "ana@example.com" }, "The part on the plasticity window was clear.");
    await post("phone", { name: "Pat", email: "pat@example.com" }, "Please call me at 555-123-4567 about dosing.");
    await post("crisis", { name: "Casey" }, "Some nights I think about ending my life.");
    await post("xss", { name: XSS_NAME, website: "https://example.org/me" }, "Lovely article.");
    await post("plain-b", { name: "Bo" }, "Is there a follow-up planned?");
  });

  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    await removeTempDirs();
  });

  it("signs in with the token and sees why each comment was held, the crisis one first and in red", async () => {
    const { page, trouble } = await open();
    await signIn(page);
    await saidStatus(page, /Signed in\. 5 pending comments shown\./);

    const first = page.locator("#queue > .item").first();
    await expect(first.textContent()).resolves.toContain("(crisis)");
    await expect(first.getAttribute("class")).resolves.toContain("crisis");
    await expect(first.locator(".flag").allTextContents()).resolves.toEqual([
      "crisis — words of suicide or self-harm: needs a human now",
    ]);
    const red = await first.evaluate((li) => getComputedStyle(li).borderTopColor);
    expect(red).toMatch(/^rgb\((179, 38, 30|255, 138, 128)\)$/);
    await expect(page.locator("#crisis-banner").textContent()).resolves.toMatch(/1 comment has words of suicide/);

    await expect(item(page, "phone").locator(".flag").allTextContents()).resolves.toContain(
      "contact details — phone, email, address, birth date or record number",
    );
    await expect(item(page, "phone").locator(".email").textContent()).resolves.toBe("pat@example.com");
    await expect(item(page, "phone").locator("a").first().getAttribute("href")).resolves.toBe(PAGE);

    // The name that is markup shows as text and runs nothing.
    const xss = item(page, "xss");
    await expect(xss.locator(".name").textContent()).resolves.toBe(XSS_NAME);
    await expect(xss.locator(".website").textContent()).resolves.toBe("https://example.org/me");
    await expect(page.locator("img").count()).resolves.toBe(0);
    await xss.locator(".name").hover();

    // The words that raised each flag are marked where the reader wrote them, from the screen's flagDetails.
    await expect(item(page, "phone").locator("mark").allTextContents()).resolves.toEqual(["555-123-4567"]);
    await expect(item(page, "phone").locator("mark").first().getAttribute("title")).resolves.toBe(
      "Flagged: contact details",
    );
    await expect(item(page, "phone").locator(".flag-words").textContent()).resolves.toBe(
      "Flagged words: 555-123-4567 (contact details)",
    );
    // Two overlapping spans of the crisis comment ("think about ending my", "ending my life") are one mark.
    await expect(first.locator("mark").allTextContents()).resolves.toEqual(["think about ending my life"]);
    await expect(first.locator(".flag-words").textContent()).resolves.toContain("ending my life");

    // Searching narrows the queue.
    await openTab(page, "Search");
    await page.getByLabel("Text, name, email or page").fill("555-123");
    await page.getByRole("button", { name: "Search" }).click();
    await saidStatus(page, /1 pending comment matching “555-123” shown/);
    await expect(page.locator("#results > .item").count()).resolves.toBe(1);

    // The token lives in this tab's sessionStorage only.
    const storage = await page.evaluate(() => ({
      session: Object.values(sessionStorage),
      local: localStorage.length,
      cookie: document.cookie,
    }));
    expect(storage).toEqual({ session: [ADMIN_TOKEN], local: 0, cookie: "" });
    await expect(page.context().cookies()).resolves.toEqual([]);
    expect(trouble).toEqual([]);
  });

  it("approves a comment, and readers see it in the thread", async () => {
    const { page, trouble } = await open();
    await signIn(page);
    await item(page, "plain-a").getByRole("button", { name: "Approve" }).click();
    await saidStatus(page, /Approved: the comment by Ana\./);
    await expect(item(page, "plain-a").count()).resolves.toBe(0);
    const thread = await readThread(service.url, PAGE);
    expect(thread.comments.map((c) => c.id)).toEqual([ids["plain-a"]]);
    expect(trouble).toEqual([]);
  });

  it("rejects two comments at once from the selection", async () => {
    const { page, trouble } = await open();
    await signIn(page);
    await item(page, "phone").getByRole("checkbox").check();
    await item(page, "plain-b").getByRole("checkbox").check();
    await expect(page.locator("#queue-selected").textContent()).resolves.toBe("2 selected");
    await page.getByRole("button", { name: "Reject selected" }).click();
    await saidStatus(page, /Rejected: 2 comments\./);
    await expect(page.locator("#queue > .item").count()).resolves.toBe(2);
    expect([await statusOf(ids.phone), await statusOf(ids["plain-b"])]).toEqual(["rejected", "rejected"]);

    // Select all, then a second press confirms a delete: no dialog.
    await page.getByLabel("Select all").check();
    await expect(page.locator("#queue-selected").textContent()).resolves.toBe("2 selected");
    await page.getByLabel("Select all").uncheck();
    await item(page, "xss").getByRole("button", { name: "Delete" }).click();
    await saidStatus(page, /Delete for good\? Press the button again/);
    await item(page, "xss").getByRole("button", { name: "Delete for good?" }).click();
    await saidStatus(page, /Deleted: the comment by <img src=x onerror=alert\(1\)>\./);
    expect(await statusOf(ids.xss)).toBe("gone");
    expect(trouble).toEqual([]);
  });

  it("replies as the moderator, and the reply is published at once", async () => {
    const { page, trouble } = await open();
    await signIn(page);
    await openTab(page, "Search");
    await page.getByLabel("Status").selectOption("approved");
    await page.getByRole("button", { name: "Search" }).click();
    await saidStatus(page, /1 approved comment shown/);
    const approved = item(page, "plain-a");
    await approved.getByRole("button", { name: "Reply" }).click();
    await approved.getByLabel("Reply as moderator").fill("Thank you, Ana: a follow-up is on its way.");
    await approved.getByRole("button", { name: "Post reply" }).click();
    await saidStatus(page, /Reply to Ana posted and published\./);
    await expect(approved.locator(".posted-reply").textContent()).resolves.toContain("a follow-up is on its way");

    const thread = await readThread(service.url, PAGE);
    const reply = thread.comments[0].replies[0] as (typeof thread.comments)[0] & {
      author: { isModerator: boolean };
    };
    expect(reply.html).toContain("a follow-up is on its way");
    expect(reply.author.isModerator).toBe(true);

    // Pinning from the console: the thread marks it, and the button turns into Unpin.
    await approved.getByRole("button", { name: "Pin", exact: true }).click();
    await saidStatus(page, /Pinned at the top of its page: the comment by Ana\./);
    expect((await readThread(service.url, PAGE)).comments[0]).toMatchObject({ pinned: true });
    await expect(approved.locator(".badge.pinned").textContent()).resolves.toBe("Pinned");
    await approved.getByRole("button", { name: "Unpin" }).click();
    await saidStatus(page, /Unpinned: the comment by Ana\./);
    expect((await readThread(service.url, PAGE)).comments[0]).not.toHaveProperty("pinned");

    await page.getByRole("button", { name: "Sign out" }).click();
    await saidStatus(page, /Signed out\./);
    await expect(page.evaluate(() => sessionStorage.length)).resolves.toBe(0);
    await expect(page.locator("#queue > .item").count()).resolves.toBe(0);
    expect(trouble).toEqual([]);
  });

  it("tells a wrong token apart, and forgets it", async () => {
    const { page, trouble } = await open();
    await signIn(page, "not-the-token-but-long-enough-1234");
    await page.getByRole("alert").filter({ hasText: "That token is not valid" }).waitFor();
    await expect(page.locator("#console").isVisible()).resolves.toBe(false);
    await expect(page.evaluate(() => [sessionStorage.length, localStorage.length])).resolves.toEqual([0, 0]);
    expect(trouble).toEqual([]);
  });

  it("shows an edit of a published comment waiting beside its text, and approving it publishes the edit", async () => {
    const res = await fetch(`${service.url}/v1/comments`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ uri: PAGE, author: { name: "Eddie" }, body: "Helpful article (edit-me)" }),
    });
    const created = (await res.json()) as { comment: { id: string }; editToken: string };
    const id = created.comment.id;
    await asModerator(`${service.url}/v1/admin/comments/${id}/approve`, { method: "POST" });
    const edit = await fetch(`${service.url}/v1/comments/${id}`, {
      method: "PATCH",
      headers: { "content-type": "application/json", authorization: `Bearer ${created.editToken}` },
      body: JSON.stringify({ body: "Helpful article, now with my phone 555-123-4567 (edit-me)" }),
    });
    expect(((await edit.json()) as { revision: { status: string } }).revision.status).toBe("pending");

    const { page, trouble } = await open();
    await signIn(page);
    const waiting = item(page, "edit-me");
    await waiting.locator(".revision").filter({ hasText: "Edited, waiting for you" }).waitFor();
    await expect(waiting.locator(".revision-body").textContent()).resolves.toContain("555-123-4567");
    await expect(waiting.locator(".revision mark").count()).resolves.toBeGreaterThan(0);
    // Reject edit drops only the edit; Reject beside it is for the whole comment.
    await expect(waiting.getByRole("button", { name: "Reject edit", exact: true }).count()).resolves.toBe(1);
    await expect(waiting.getByRole("button", { name: "Reject", exact: true }).count()).resolves.toBe(1);
    await waiting.getByRole("button", { name: "Approve edit" }).click();
    await saidStatus(page, /Approved: the comment by Eddie\./);
    const thread = await readThread(service.url, PAGE);
    expect(thread.comments.find((c) => c.id === id)?.html).toContain("555-123-4567");
    expect(trouble).toEqual([]);
  });
});
