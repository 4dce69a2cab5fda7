import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, noBrowser } from "./helpers/browser.ts";
import { ADMIN_TOKEN, removeTempDirs, tempDir } from "./helpers/env.ts";
import { asModerator } from "./helpers/http.ts";
import type { StartedProcess } from "./helpers/process.ts";
import { startComments, startNewsletter } from "./helpers/servers.ts";

/** Polls an async condition every 200 ms until it holds or the time is up. */
async function until(check: () => Promise<boolean>, timeoutMs: number) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return check();
}

// A moderator who works by keyboard alone: no click, no pointer, from the sign-in field to the last decision.
describe.skipIf(noBrowser)("clearing the queues with the keyboard only", () => {
  let comments: StartedProcess;
  let newsletter: StartedProcess;
  let browser: Browser;

  beforeAll(async () => {
    [comments, newsletter, browser] = await Promise.all([
      startComments(await tempDir("console-keys-c"), { LOG_LEVEL: "warn", COMMENTS_SOFT_RATE_LIMIT: "0" }),
      startNewsletter(await tempDir("console-keys-n"), { LOG_LEVEL: "warn", NEWSLETTER_SOFT_RATE_LIMIT: "0" }),
      launchChromium(),
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all([comments?.stop(), newsletter?.stop()]);
    await removeTempDirs();
  });

  /** What has focus: its text, or the label of a field. */
  const focused = (page: Page) =>
    page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      return el.closest("label")?.textContent?.trim() || el.getAttribute("aria-label") || el.textContent || "";
    });

  /** Opens a console and signs in by typing the token and pressing Enter. */
  async function signInByKeyboard(url: string) {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await page.goto(url);
    await page.locator("#token:not([disabled])").waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("token");
    await page.keyboard.type(ADMIN_TOKEN);
    await page.keyboard.press("Enter");
    await page.locator("#console:not([hidden])").waitFor();
    return page;
  }

  it("approves, rejects and marks spam in the comments queue, undoes a decision, and can turn the keys off", async () => {
    const statusOf = async (id: string) => {
      for (const status of ["pending", "approved", "rejected", "spam"]) {
        const res = await asModerator(`${comments.url}/v1/admin/comments?status=${status}&limit=100`);
        if (((await res.json()) as { comments: { id: string }[] }).comments.some((c) => c.id === id)) return status;
      }
      return "gone";
    };
    const ids: Record<string, string> = {};
    for (const [key, body] of [
      ["plain", "The part on sleep was clear."],
      ["phone", "Call me at 555-123-4567 about dosing."],
      ["pills", "Cheap pills at pills.example, best prices."],
      ["crisis", "Some nights I think about ending my life."],
    ]) {
      const res = await fetch(`${comments.url}/v1/comments`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ uri: "/blog/keys", author: { name: key }, body: `${body} (${key})` }),
      });
      ids[key] = ((await res.json()) as { comment: { id: string } }).comment.id;
    }

    const page = await signInByKeyboard(`${comments.url}/comments/admin`);
    await page.getByRole("status").filter({ hasText: "Signed in. 4 pending comments shown." }).waitFor();
    // Focus starts on the first comment of the queue: the crisis one, which the server put first.
    expect(await focused(page)).toContain("(crisis)");

    // "?" lists the shortcuts in a dialog; Escape closes it and focus comes back.
    await page.keyboard.press("?");
    await page.getByRole("dialog", { name: "Keyboard shortcuts" }).waitFor();
    await page.keyboard.press("Escape");
    await page.getByRole("dialog").waitFor({ state: "detached" });
    expect(await focused(page)).toContain("(crisis)");

    // j moves down; a, r, s decide, and focus moves on to the next comment each time.
    await page.keyboard.press("j");
    expect(await focused(page)).toContain("(plain)");
    await page.keyboard.press("a");
    expect(await focused(page)).toContain("(phone)");
    await page.keyboard.press("r");
    expect(await focused(page)).toContain("(pills)");
    await page.keyboard.press("s");
    expect(await focused(page)).toContain("(crisis)");
    // A decision on the crisis comment, undone with u: it is back, with focus.
    await page.keyboard.press("r");
    await page.getByRole("button", { name: /^Undo rejecting the comment by crisis/ }).waitFor();
    await page.keyboard.press("u");
    await page.getByRole("status").filter({ hasText: "Undone: the comment by crisis is back in the list." }).waitFor();
    expect(await focused(page)).toContain("(crisis)");
    expect(await page.locator("#pending > li").count()).toBe(3);

    // The shortcuts can be turned off (WCAG 2.1.4): then a letter typed in the queue does nothing.
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Shift+Tab");
    expect(await focused(page)).toBe("Keyboard shortcuts");
    // Out of the queue the letters are only letters: nothing is decided here.
    await page.keyboard.press("a");
    expect(await page.locator("#pending > li").count()).toBe(3);
    await page.keyboard.press("Space");
    expect(await page.getByLabel("Keyboard shortcuts").isChecked()).toBe(false);
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    expect(await focused(page)).toBe("Select the comment by crisis");
    await page.keyboard.press("a");
    expect(await page.locator("#pending > li").count()).toBe(3);

    // Nothing reached the server during the undo window; then each decision did, once.
    expect(await statusOf(ids.plain)).toBe("pending");
    expect(await until(async () => (await statusOf(ids.pills)) === "spam", 20_000)).toBe(true);
    expect({
      plain: await statusOf(ids.plain),
      phone: await statusOf(ids.phone),
      pills: await statusOf(ids.pills),
      crisis: await statusOf(ids.crisis),
    }).toEqual({ plain: "approved", phone: "rejected", pills: "spam", crisis: "pending" });
    expect(await page.locator("#queue > .item").count()).toBe(1);
    await page.context().close();
  });

  it("approves held signups in the newsletter console, by shortcut and by Tab and Enter", async () => {
    for (const email of ["first@mailinator.com", "second@mailinator.com"]) {
      const res = await fetch(`${newsletter.url}/v1/subscriptions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email, consent: true }),
      });
      expect(res.status).toBe(202);
    }
    const statuses = async () => {
      const res = await asModerator(`${newsletter.url}/v1/admin/newsletter/subscribers`);
      const { subscribers } = (await res.json()) as { subscribers: { email: string; status: string }[] };
      return Object.fromEntries(subscribers.map((s) => [s.email, s.status]));
    };

    const page = await signInByKeyboard(`${newsletter.url}/newsletter/admin`);
    await page.getByRole("status").filter({ hasText: "Signed in. 2 signups waiting for review shown." }).waitFor();
    expect(await focused(page)).toContain("first@mailinator.com");
    await page.keyboard.press("a");
    // Focus moves to the next signup; Tab reaches its Approve button, Enter presses it.
    expect(await focused(page)).toContain("second@mailinator.com");
    await page.keyboard.press("Tab");
    expect(await focused(page)).toBe("Approve second@mailinator.com");
    await page.keyboard.press("Enter");
    expect(await page.locator("#pending > li").count()).toBe(2);
    expect(await statuses()).toEqual({
      "first@mailinator.com": "pending_review",
      "second@mailinator.com": "pending_review",
    });

    // Approved means the confirmation email went out: the address waits for its owner's click ("pending").
    expect(
      await until(async () => Object.values(await statuses()).every((s) => s === "pending"), 20_000),
      JSON.stringify(await statuses()),
    ).toBe(true);
    await page.getByText("Nothing waits for review.").waitFor();
    await page.context().close();
  });
});
