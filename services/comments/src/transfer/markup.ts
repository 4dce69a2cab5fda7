import { decodeHTMLStrict } from "entities";
import MarkdownIt from "markdown-it";
import TurndownService from "turndown";
import type { SourceBody } from "./import.types.ts";

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
// Every <pre>, with or without <code> inside (Disqus, Isso and WordPress write it bare), becomes a fenced block of
// its text as it stood: turndown's default would escape it like prose and let its newlines become <br>s.
turndown.addRule("preformatted", {
  filter: "pre",
  replacement: (_content, node) => {
    const text = preText(node as unknown as HTMLElement).replace(/\n$/, "");
    const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
    const fence = "`".repeat(longest + 1);
    return `\n\n${fence}\n${text}\n${fence}\n\n`;
  },
});

/** A <pre>'s text with its <br>s as newlines (some sources write lines so). */
function preText(node: Node): string {
  if (node.nodeType === 3) return node.nodeValue ?? "";
  if (node.nodeName === "BR") return "\n";
  let text = "";
  for (const child of Array.from(node.childNodes)) text += preText(child);
  return text;
}

/** Converts a comment's HTML as the source showed it (Disqus, WordPress, Remark42) to Markdown. */
export function htmlToMarkdown(html: string): string {
  return turndown.turndown(html).trim();
}

// Isso (misaka/mistune) and Waline (markdown-it) render Markdown and let inline HTML through their own sanitizers,
// so a `<b>` a reader (or an earlier Disqus import) wrote showed as bold. Rendering it the same way, with HTML on,
// and converting the result back gives the Markdown of what readers saw. Isso breaks lines only at blank lines;
// Waline at every newline.
const sourceRenderers = {
  paragraphs: new MarkdownIt({ html: true, linkify: true, breaks: false }),
  lines: new MarkdownIt({ html: true, linkify: true, breaks: true }),
};

/** The Parlor Markdown for a source's text (see SourceBody); still to be rendered and sanitized. */
export function toParlorMarkdown(body: SourceBody): string {
  if ("markdown" in body) return body.markdown.trim();
  if ("html" in body) return htmlToMarkdown(body.html);
  const renderer = body.breaks ? sourceRenderers.lines : sourceRenderers.paragraphs;
  return htmlToMarkdown(renderer.render(body.sourceMarkdown));
}

/** The text a body would show, roughly, without converting it: enough to tell an empty one (the checking pass). */
export function roughText(body: SourceBody): string {
  if ("markdown" in body) return body.markdown.trim();
  const text = "html" in body ? body.html : body.sourceMarkdown;
  return text.replace(/<[^>]*>/g, "").trim();
}

/**
 * A name as the reader typed it, from a source that stored it HTML-escaped (Isso, WordPress and Remark42 turn
 * `Tom & Jerry <tj>` into `Tom &amp; Jerry &lt;tj&gt;`). Decoded once, strictly (only `&…;` references), so a name
 * that merely contains "&" is left alone.
 */
export function unescapeName(name: string): string {
  return decodeHTMLStrict(name);
}
