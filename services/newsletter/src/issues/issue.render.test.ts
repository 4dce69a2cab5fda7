import { describe, expect, it } from "vitest";
import { renderIssue } from "./issue.render.ts";

describe("rendering an issue", () => {
  it("renders Markdown to safe HTML and readable text, headings below the subject", () => {
    const { html, text } = renderIssue(
      "# Sleep first\n\nWhy **sleep** matters, per [a review](https://pubmed.ncbi.nlm.nih.gov/29898390/).\n\n- walk\n- eat greens\n\n1. one\n2. two\n\n> Rest is treatment.",
    );
    expect(html).toContain("<h2>Sleep first</h2>");
    expect(html).toContain('<a href="https://pubmed.ncbi.nlm.nih.gov/29898390/" rel="noopener">a review</a>');
    expect(text).toContain(
      "Sleep first\n\nWhy sleep matters, per a review (https://pubmed.ncbi.nlm.nih.gov/29898390/).",
    );
    expect(text).toContain("- walk\n- eat greens");
    expect(text).toContain("1. one\n2. two");
    expect(text).toContain("Rest is treatment.");
  });

  it.each([
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "![pixel](https://tracker.example/p.gif)",
    '<a href="https://x.example" onclick="alert(1)">x</a>',
  ])("leaves nothing executable or tracking in %j", (markdown) => {
    const { html } = renderIssue(markdown);
    expect(html).not.toMatch(/<(script|img|iframe)/i); // as text (escaped) it is harmless
    expect(html).not.toMatch(/<[^>]*\son\w+=/i);
    expect(html).not.toMatch(/href="(javascript|data):/i);
  });

  it("keeps the text of links it refuses and decodes entities in the text part", () => {
    const { html, text } = renderIssue("Fish & chips < 5 [x](javascript:alert(1))");
    expect(html).not.toContain("<a");
    expect(text).toContain("Fish & chips < 5");
  });
});
