import type { FormatReader } from "../import.types.ts";
import { ImportFileError } from "../import.types.ts";
import { readLines } from "../text-source.ts";

interface Remark42Comment {
  id?: string;
  pid?: string;
  text?: string;
  orig?: string;
  user?: { name?: string; email?: string };
  locator?: { url?: string };
  time?: string;
  delete?: boolean;
}

// Remark42 backup (`remark42 backup`, often gzipped): line 1 is {"version", "users", "posts"}, then one comment per
// line. `orig` is the Markdown the reader typed; `text` the HTML Remark42 rendered from it.
export const readRemark42: FormatReader = async function* (path, progress) {
  for await (const { line, n } of readLines(path, progress)) {
    if (line.trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      throw new ImportFileError(`line ${n}`, `not JSON: ${(e as Error).message}`);
    }
    const at = `line ${n}`;
    if (n === 1 && value && typeof value === "object" && "version" in value) continue; // the header
    const c = value as Remark42Comment;
    if (!c || typeof c !== "object" || typeof c.id !== "string" || c.id === "") {
      yield { kind: "invalid", at, reason: "a comment without an id" };
      continue;
    }
    yield {
      kind: "comment",
      record: {
        sourceId: c.id,
        at,
        page: c.locator?.url ?? "",
        parentSourceId: c.pid || null,
        createdAt: c.time ?? "",
        author: { name: c.user?.name ?? "", email: c.user?.email ?? null, website: null },
        body: c.orig ? { markdown: c.orig } : { html: c.text ?? "" },
        status: "approved",
        deleted: c.delete === true,
      },
    };
  }
};
