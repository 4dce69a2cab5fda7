import type { FormatReader } from "../import.types.ts";
import { child, childText, type XmlWarning, xmlElements } from "../xml-source.ts";

// Disqus export: <disqus> holds <thread dsq:id> (with <link>) and <post dsq:id> records, each post naming its
// thread and, for a reply, its parent by dsq:id. Messages are HTML in CDATA. A thread marked <isDeleted> is gone
// from the site, and so are its posts (they are skipped); <isClosed> closes the page to new comments.
export const readDisqus: FormatReader = async function* (path, progress) {
  const warnings: XmlWarning[] = [];
  for await (const el of xmlElements(
    path,
    "disqus",
    (name, depth) => depth === 2 && (name === "thread" || name === "post"),
    progress,
    warnings,
  )) {
    const at = `line ${el.line} (<${el.name}>)`;
    const id = el.attrs["dsq:id"] ?? "";
    if (!id) {
      yield { kind: "invalid", at, reason: `<${el.name}> has no dsq:id` };
      continue;
    }
    if (el.name === "thread") {
      yield {
        kind: "thread",
        id,
        page: childText(el, "link"),
        at,
        title: childText(el, "title") || undefined,
        deleted: childText(el, "isDeleted") === "true",
        closed: childText(el, "isClosed") === "true",
      };
      continue;
    }
    const author = child(el, "author");
    yield {
      kind: "comment",
      record: {
        sourceId: id,
        at,
        threadRef: child(el, "thread")?.attrs["dsq:id"] ?? "",
        parentSourceId: child(el, "parent")?.attrs["dsq:id"] || null,
        createdAt: childText(el, "createdAt"),
        author: {
          name: author ? childText(author, "name") || childText(author, "username") : "",
          email: author ? childText(author, "email") || null : null,
          website: null,
        },
        body: { html: child(el, "message")?.text ?? "" },
        status: childText(el, "isSpam") === "true" ? "spam" : "approved",
        deleted: childText(el, "isDeleted") === "true",
      },
    };
  }
  for (const w of warnings) yield { kind: "warning", ...w };
};
