import type { FormatReader, ReaderItem } from "../import.types.ts";
import { ImportFileError } from "../import.types.ts";
import { unescapeName } from "../markup.ts";
import { readLines } from "../text-source.ts";

interface Remark42Comment {
  id?: string;
  pid?: string;
  text?: string;
  orig?: string;
  user?: { name?: string; id?: string; email?: string; admin?: boolean };
  locator?: { url?: string };
  time?: string;
  edit?: { time?: string };
  delete?: boolean;
  title?: string;
}

interface Remark42Meta {
  version?: number;
  users?: { id?: string; blocked?: { status?: boolean; until?: string }; details?: { email?: string } }[];
  posts?: { url?: string; read_only?: boolean }[];
}

// Remark42 backup (`remark42 backup`, often gzipped): line 1 is {"version", "users", "posts"} — users carry their
// block (with its end: permanent blocks end 100 years on) and the address they gave, posts whether they are
// read-only — then one comment per line. `text` is the sanitized HTML Remark42 showed (for comments it imported
// from Disqus or WordPress, the only text); `orig` the Markdown the reader typed. Names are stored HTML-escaped.
// A comment carries no address; the address a user gave (for reply emails) is in the meta line's details.
export const readRemark42: FormatReader = async function* (path, progress) {
  let meta: Remark42Meta = {};
  const addresses = new Map<string, string>(); // user id → the address in their details
  const names = new Map<string, string>(); // user id → the name their comments show
  for await (const { line, n } of readLines(path, progress)) {
    if (line.trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      throw new ImportFileError(`line ${n}`, `not JSON: ${(e as Error).message}`);
    }
    const at = `line ${n}`;
    if (n === 1 && value && typeof value === "object" && "version" in value) {
      meta = value as Remark42Meta;
      for (const u of meta.users ?? []) if (u.id && u.details?.email) addresses.set(u.id, u.details.email);
      yield* readOnlyPosts(meta);
      continue;
    }
    const c = value as Remark42Comment;
    if (!c || typeof c !== "object" || typeof c.id !== "string" || c.id === "") {
      yield { kind: "invalid", at, reason: "a comment without an id" };
      continue;
    }
    const name = unescapeName(c.user?.name ?? "");
    if (c.user?.id && name) names.set(c.user.id, name);
    yield {
      kind: "comment",
      record: {
        sourceId: c.id,
        at,
        page: c.locator?.url ?? "",
        pageTitle: c.title || undefined,
        parentSourceId: c.pid || null,
        createdAt: c.time ?? "",
        editedAt: c.edit?.time ?? null,
        author: {
          name,
          email: c.user?.email ?? addresses.get(c.user?.id ?? "") ?? null,
          website: null,
          isModerator: c.user?.admin === true,
        },
        body: c.text?.trim() ? { html: c.text } : { sourceMarkdown: c.orig ?? "", breaks: false },
        status: "approved",
        deleted: c.delete === true,
      },
    };
  }
  for (const u of meta.users ?? []) {
    if (!u.id || u.blocked?.status !== true) continue;
    const who = names.get(u.id) ? `${names.get(u.id)} (${u.id})` : u.id;
    // Remark42 writes a permanent block as one that ends a hundred years on.
    const ends = u.blocked.until && !u.blocked.until.startsWith("0001-") ? u.blocked.until : null;
    const until = ends && Date.parse(ends) < Date.parse("2100-01-01") ? ends : null;
    yield {
      kind: "block",
      at: "line 1 (users)",
      email: u.details?.email || null,
      who,
      until,
      note: `blocked in Remark42: ${who}${until ? ` until ${until}` : ""}`,
    };
  }
};

function* readOnlyPosts(meta: Remark42Meta): Generator<ReaderItem> {
  for (const p of meta.posts ?? []) {
    if (p.url && p.read_only) yield { kind: "pageState", at: "line 1 (posts)", page: p.url, closed: true };
  }
}
