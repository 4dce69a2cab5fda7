import TurndownService from "turndown";

// turndown parses with its bundled domino in Node (no browser DOM needed). What it cannot express as Markdown
// stays as text; markdown-it then renders with html disabled and the sanitizer's allow-list, so nothing from the
// source file reaches a page as markup it wrote.
const turndown = new TurndownService({ headingStyle: "atx", codeBlockStyle: "fenced", emDelimiter: "*" });
turndown.remove(["script", "style", "iframe", "object", "embed", "form", "noscript", "template", "head"]);
// A link to anything but http(s) or mailto keeps its text and loses its target (markdown-it would refuse it
// anyway, but then show the raw "[text](javascript:…)").
turndown.addRule("unsafeLink", {
  filter: (node) => node.nodeName === "A" && !/^(https?:|mailto:)/i.test(node.getAttribute("href")?.trim() ?? ""),
  replacement: (content) => content,
});

/** Converts a comment's HTML (Disqus, WordPress, Remark42) to Markdown. */
export function htmlToMarkdown(html: string): string {
  return turndown.turndown(html).trim();
}
