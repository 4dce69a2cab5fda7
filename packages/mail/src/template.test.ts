import { describe, expect, it } from "vitest";
import { renderEmail } from "./template.ts";

describe("renderEmail", () => {
  const content = {
    title: "A reply from <b>Bob</b>",
    paragraphs: ['Bob wrote: "<script>alert(1)</script>" & more', "Line one\nLine two"],
    action: { label: "Read the reply", url: "https://blog.example/post?c=1&x=<y>" },
    footer: ["You asked for reply notifications.", "Unsubscribe: https://blog.example/u"],
  };

  it("says the same thing in both parts", () => {
    const { text, html } = renderEmail(content);
    for (const phrase of ["A reply from", "Bob wrote:", "Read the reply", "You asked for reply notifications."]) {
      expect(text).toContain(phrase);
      expect(html).toContain(phrase);
    }
    expect(text).toContain("Read the reply: https://blog.example/post?c=1&x=%3Cy%3E");
    expect(text).toContain("\n-- \nYou asked");
  });

  it("escapes everything it is given in the HTML", () => {
    const { html } = renderEmail(content);
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<b>Bob</b>");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("&quot;");
    expect(html).toContain('href="https://blog.example/post?c=1&amp;x=%3Cy%3E"');
    expect(html).toContain("Line one<br>Line two");
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('style="'); // inline CSS: no <style> block to be stripped
    expect(html).not.toContain("<style");
  });

  it("refuses an action that is not an http(s) link", () => {
    for (const url of ["javascript:alert(1)", "data:text/html,x", "not a url"]) {
      expect(() => renderEmail({ ...content, action: { label: "x", url } })).toThrow(/http\(s\)/);
    }
  });

  it("works without an action", () => {
    const { text, html } = renderEmail({ title: "Hi", paragraphs: ["p"], footer: "f" });
    expect(text).toBe("Hi\n\np\n\n-- \nf\n");
    expect(html).not.toContain("<a ");
  });
});
