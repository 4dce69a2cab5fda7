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
