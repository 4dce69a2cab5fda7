import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseArticle, renderDemoPage } from "./demo-page.ts";

describe("the demo article", () => {
  const article = parseArticle(readFileSync(new URL("../demo/article.md", import.meta.url), "utf8"));

  it("shows the call to action as one aside, with no markup left over", async () => {
    expect(article.blocks.filter((b) => b.kind === "aside")).toHaveLength(1);
    const page = String(await renderDemoPage(article, { nonce: "n" }));
    expect(page).not.toContain(":::");
    expect(page).toContain("What do you think?");
    expect(page).toContain("Be the first to share your thoughts.");
    expect(page).toContain("Health tips from Dr. Kim");
  });
});

describe("the demo page's boxes", () => {
  const article = parseArticle(readFileSync(new URL("../demo/article.md", import.meta.url), "utf8"));
  const page = async (outcome?: string) => String(await renderDemoPage(article, { nonce: "n0nce", outcome }));

  it("marks the places of both widgets, with the plain forms inside as what works without JavaScript", async () => {
    const text = await page();
    const comments = /<div id="comments"[^>]*data-parlor-comments[^>]*>([\s\S]*?)<\/div>\n\n<div id="newsletter"/.exec(
      text,
    );
    expect(comments?.[0]).toContain(`data-uri="${article.path}"`);
    expect(comments?.[1]).toContain('<form method="post" action="/v1/comments"');
    expect(comments?.[1]).toContain("Please don't share personal health details or contact information");
    const newsletter = /<div id="newsletter"[^>]*data-parlor-newsletter[^>]*>([\s\S]*?)<\/div>\n<\/main>/.exec(text);
    expect(newsletter?.[1]).toContain('<form method="post" action="/v1/subscriptions"');
    expect(newsletter?.[1]).toContain('name="consent"');
  });

  it("loads each widget from its own service with the page's nonce, and runs no inline script", async () => {
    const text = await page();
    expect(text).toContain('<script src="/comments/embed.js" nonce="n0nce" defer></script>');
    expect(text).toContain('<script src="/newsletter/embed.js" nonce="n0nce" defer></script>');
    expect(text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it("tells a reader back from a form post what happened, in the right box", async () => {
    expect(await page("held")).toMatch(/data-parlor-comments[\s\S]*role="status">Thank you! Your comment is waiting/);
    expect(await page("crisis")).toMatch(/role="status">Thank you. Your comment is waiting for a moderator/);
    expect(await page("pending")).toMatch(/data-parlor-newsletter[\s\S]*role="status">Almost done/);
    expect(await page("nonsense")).not.toContain('role="status"');
  });
});
