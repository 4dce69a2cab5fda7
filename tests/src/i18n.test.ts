// The widget in each shipped language, in one Chromium: the box takes the page's language (its <html lang>, a
// data-locale, or else the browser's languages), shows that catalogue's texts, mirrors for Arabic, and posts.
import { CATALOGUES, localize } from "@parlor/widget/strings";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, noBrowser } from "./helpers/browser.ts";
import { removeTempDirs, tempDir } from "./helpers/env.ts";
import type { StartedProcess } from "./helpers/process.ts";
import { startComments } from "./helpers/servers.ts";

describe.skipIf(noBrowser)("the widget in the reader's language", () => {
  let comments: StartedProcess;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    [comments, browser] = await Promise.all([
      startComments(await tempDir("i18n"), { COMMENTS_RATE_LIMIT: "0", COMMENTS_SOFT_RATE_LIMIT: "0" }),
      launchChromium(),
    ]);
    // An English-speaking browser: every box below speaks the page's language, not the reader's default.
    context = await browser.newContext({ viewport: { width: 900, height: 900 }, locale: "en-US" });
    await context.route(`${comments.url}/article/**`, (route) => {
      const url = new URL(route.request().url());
      const lang = url.searchParams.get("lang");
      const html = lang ? ` lang="${lang}"` : "";
      const box = url.searchParams.get("data-locale") ? ` data-locale="${url.searchParams.get("data-locale")}"` : "";
      return route.fulfill({
        contentType: "text/html; charset=utf-8",
        body: `<!doctype html><html${html}><head><meta charset="utf-8"><title>t</title></head><body><article><h1>…</h1></article>
<div data-parlor-comments${box} data-uri="${url.pathname}"></div><script src="/comments/embed.js" defer></script></body></html>`,
      });
    });
  });

  afterAll(async () => {
    await context?.close().catch(() => {});
    await browser?.close();
    await comments?.stop();
    await removeTempDirs();
  });

  async function open(page: Page, path: string) {
    await page.goto(`${comments.url}${path}`);
    return page.locator("[data-parlor-comments][data-parlor-ready]").waitFor();
  }

  it.each(Object.keys(CATALOGUES))(
    "shows an article in %s with its texts and direction, and posts a comment",
    async (locale) => {
      const t = localize(CATALOGUES[locale]);
      const page = await context.newPage();
      try {
        await open(page, `/article/${locale}?lang=${locale}`);
        const box = page.locator("[data-parlor-comments]");
        expect(await box.getAttribute("lang")).toBe(locale);
        await page.getByRole("heading", { name: t.comments.title }).waitFor();
        await page.getByText(t.comments.empty).waitFor();
        const form = page.getByRole("form", { name: t.form.heading });
        const submit = form.getByRole("button", { name: t.form.submit });
        // The layout follows the language: Arabic runs right to left, its button on the right of the form.
        const layout = await form.evaluate(
          (f, button) => {
            const b = (button as HTMLElement).getBoundingClientRect();
            const r = f.getBoundingClientRect();
            return {
              direction: getComputedStyle(f).direction,
              fromLeft: b.left - r.left,
              fromRight: r.right - b.right,
            };
          },
          await submit.elementHandle(),
        );
        const rtl = CATALOGUES[locale].dir === "rtl";
        expect(layout.direction).toBe(rtl ? "rtl" : "ltr");
        expect(rtl ? layout.fromRight : layout.fromLeft).toBeLessThan(2);
        expect(rtl ? layout.fromLeft : layout.fromRight).toBeGreaterThan(100);

        await form.getByRole("textbox", { name: t.form.body }).fill(`Un commentaire — ${locale}`);
        await form.getByRole("textbox", { name: t.form.name, exact: true }).fill("Ana");
        const posted = page.waitForRequest((r) => r.method() === "POST" && r.url().endsWith("/v1/comments"));
        await submit.click();
        await page.getByText(t.form.held).waitFor();
        // The service writes the reader's emails in the box's language, not the browser's (English here).
        expect((await posted).headers()["accept-language"]).toBe(locale);
      } finally {
        await page.close();
      }
    },
  );

  it("takes data-locale over the page's lang, and the browser's languages on a page that names none", async () => {
    const page = await context.newPage();
    try {
      await open(page, "/article/override?lang=en&data-locale=de");
      await page.getByRole("heading", { name: CATALOGUES.de.comments.title }).waitFor();
    } finally {
      await page.close();
    }
    const brazilian = await browser.newContext({ locale: "pt-BR" }); // Accept-Language and navigator.languages
    try {
      await brazilian.route(`${comments.url}/article/**`, (route) =>
        route.fulfill({
          contentType: "text/html; charset=utf-8",
          body: `<!doctype html><html><head><meta charset="utf-8"><title>t</title></head><body>
<div data-parlor-comments data-uri="/article/none"></div><script src="/comments/embed.js" defer></script></body></html>`,
        }),
      );
      const other = await brazilian.newPage();
      await open(other, "/article/none");
      await other.getByRole("heading", { name: CATALOGUES.pt.comments.title }).waitFor();
      expect(await other.locator("[data-parlor-comments]").getAttribute("dir")).toBe("ltr");
    } finally {
      await brazilian.close();
    }
  });
});
