import { describe, expect, it } from "vitest";
import { type IssueRenderOptions, renderIssue } from "./issue.render.ts";

const BLOG: IssueRenderOptions = { baseUrl: "https://blog.example", imageOrigins: [] };
const IMAGES: IssueRenderOptions = { baseUrl: "https://blog.example", imageOrigins: ["https://img.blog.example"] };

describe("rendering an issue", () => {
  it("renders Markdown to safe HTML and readable text, headings below the subject", () => {
    const { html, text } = renderIssue(
      "# Sleep first\n\nWhy **sleep** matters, per [a review](https://pubmed.ncbi.nlm.nih.gov/29898390/).\n\n- walk\n- eat greens\n\n1. one\n2. two\n\n> Rest is treatment.",
      BLOG,
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
    const { html } = renderIssue(markdown, BLOG);
    expect(html).not.toMatch(/<(script|img|iframe)/i); // as text (escaped) it is harmless
    expect(html).not.toMatch(/<[^>]*\son\w+=/i);
    expect(html).not.toMatch(/href="(javascript|data):/i);
  });

  it("keeps the text of links it refuses and decodes entities in the text part", () => {
    const { html, text } = renderIssue("Fish & chips < 5 [x](javascript:alert(1))", BLOG);
    expect(html).not.toContain("<a");
    expect(text).toContain("Fish & chips < 5");
  });

  it("resolves relative links against PUBLIC_URL, in both parts", () => {
    const { html, text } = renderIssue(
      "[Read the article](/blog/sleep-and-blood-pressure) or [the archive](archive?page=2#top).",
      BLOG,
    );
    expect(html).toContain(
      '<a href="https://blog.example/blog/sleep-and-blood-pressure" rel="noopener">Read the article</a>',
    );
    expect(html).toContain('<a href="https://blog.example/archive?page=2#top" rel="noopener">the archive</a>');
    expect(text).toContain("Read the article (https://blog.example/blog/sleep-and-blood-pressure)");
    expect(html).not.toContain("[Read the article]");
  });

  it("shows an image from IMAGE_ORIGINS with its alt text, and the alt text in the text part", () => {
    const { html, text, problems } = renderIssue(
      'Blood pressure by hours of sleep:\n\n![A chart: pressure falls with each hour of sleep](https://img.blog.example/chart.png "Chart")\n\n![Relative](/x.png)',
      { ...IMAGES, imageOrigins: ["https://img.blog.example", "https://blog.example"] },
    );
    expect(problems).toEqual([]);
    expect(html).toContain(
      '<img src="https://img.blog.example/chart.png" alt="A chart: pressure falls with each hour of sleep" title="Chart" />',
    );
    expect(html).toContain('<img src="https://blog.example/x.png" alt="Relative" />');
    expect(text).toContain("[A chart: pressure falls with each hour of sleep]");
    expect(text).not.toContain("chart.png");
  });

  it.each([
    ["![A chart](https://tracker.example/p.gif)", /not from IMAGE_ORIGINS \(https:\/\/img\.blog\.example\)/],
    ["![](https://img.blog.example/chart.png)", /needs alt text/],
    ["![A chart](http://img.blog.example/chart.png)", /not from IMAGE_ORIGINS/], // another origin: http
    ["![A chart](//tracker.example/p.gif)", /not from IMAGE_ORIGINS/],
  ])("refuses to show the image %j, and says why", (markdown, why) => {
    const { html, problems } = renderIssue(markdown, IMAGES);
    expect(html).not.toContain("<img");
    expect(problems.join("\n")).toMatch(why);
  });

  it("says images are off when IMAGE_ORIGINS is empty", () => {
    const { html, problems } = renderIssue("![A chart](https://img.blog.example/chart.png)", BLOG);
    expect(html).toBe("<p>A chart</p>\n");
    expect(problems).toEqual([
      "images are off (set IMAGE_ORIGINS to allow an origin): https://img.blog.example/chart.png",
    ]);
  });
});
