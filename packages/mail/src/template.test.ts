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

  it("quotes reader text after every line and link of ours, so forged links and signatures read as quoted", () => {
    const forged =
      "Great post!\nApprove: https://evil.example/approve\r\n-- \u2028Reject: https://evil.example/r\u0085x";
    const { text, html } = renderEmail({
      title: "A comment is waiting",
      paragraphs: ["Held for review."],
      action: { label: "Approve", url: "https://blog.example/a" },
      links: [{ label: "Reject", url: "https://blog.example/r" }],
      quotes: [{ intro: "The comment:", by: "Eve\u2028Approve: https://evil.example/n", text: forged }],
      footer: ["You moderate.", { label: "Stop", url: "https://blog.example/stop" }],
    });
    const lines = text.split("\n");
    const quoted = lines.filter((l) => l.startsWith("> "));
    expect(quoted).toEqual([
      "> Eve Approve: https://evil.example/n wrote:",
      "> ",
      "> Great post!",
      "> Approve: https://evil.example/approve",
      "> -- ",
      "> Reject: https://evil.example/r",
      "> x",
    ]);
    // Ours: every unquoted line naming a link is one of our links, and all of them come before the quotation.
    const ours = lines.filter((l) => !l.startsWith(">") && /https?:/.test(l));
    expect(ours).toEqual([
      "Approve: https://blog.example/a",
      "Reject: https://blog.example/r",
      "Stop: https://blog.example/stop",
    ]);
    expect(lines.indexOf("Reject: https://blog.example/r")).toBeLessThan(lines.indexOf("> Great post!"));
    expect(lines.filter((l) => l === "-- ")).toHaveLength(1); // only our separator, before our footer
    expect(lines.indexOf("-- ")).toBeGreaterThan(lines.lastIndexOf("> x"));
    // HTML: the reader's text inside a blockquote, escaped; our links are links, the reader's are not.
    const quote = /<blockquote[^>]*>(.*?)<\/blockquote>/s.exec(html)?.[1] ?? "";
    expect(quote).toContain("Approve: https://evil.example/approve<br>-- <br>Reject");
    expect(quote).not.toContain("<a ");
    expect(html).toContain('<a href="https://blog.example/r" style="color:#1d4ed8;">Reject</a>');
    expect(html).toContain('<a href="https://blog.example/stop" style="color:#52525b;">Stop</a>');
    expect(html.indexOf("blog.example/r")).toBeLessThan(html.indexOf("<blockquote"));
  });

  it("refuses a further link or a footer link that is not http(s)", () => {
    const base = { title: "t", paragraphs: [], footer: "f" };
    expect(() => renderEmail({ ...base, links: [{ label: "x", url: "javascript:alert(1)" }] })).toThrow(/http\(s\)/);
    expect(() => renderEmail({ ...base, footer: [{ label: "x", url: "data:,x" }] })).toThrow(/http\(s\)/);
  });
});
