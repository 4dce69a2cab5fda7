import SQLite from "better-sqlite3";
import type { FormatReader, ImportRecord } from "../import.types.ts";
import { ImportFileError } from "../import.types.ts";
import { unescapeName } from "../markup.ts";

interface IssoRow {
  id: number;
  parent: number | null;
  created: number;
  modified: number | null;
  mode: number;
  text: string | null;
  author: string | null;
  email: string | null;
  website: string | null;
  uri: string | null;
  title: string | null;
}

// Isso's mode: 1 published, 2 waiting for a moderator, 4 deleted (kept while it has replies).
const STATUS: Record<number, ImportRecord["status"]> = { 1: "approved", 2: "pending", 4: "approved" };

// Isso keeps everything in one SQLite file: `threads` (id, uri, title) and `comments` (Markdown text, unix times).
// The file is opened read-only and read row by row. Isso escapes author, email and website on save (`&amp;`, `&lt;`);
// its text is Markdown in which inline HTML shows (bleach keeps <b>, <p>, <pre> …; its Disqus and WordPress
// imports store HTML as it came), rendered without hard line breaks.
export const readIsso: FormatReader = async function* (path, progress) {
  let db: SQLite.Database;
  try {
    db = new SQLite(path, { readonly: true, fileMustExist: true });
    db.prepare("select count(*) from comments").get();
  } catch (e) {
    throw new ImportFileError("", `not an Isso database (${(e as Error).message})`);
  }
  try {
    const rows = db
      .prepare(
        `select c.id, c.parent, c.created, c.modified, c.mode, c.text, c.author, c.email, c.website, t.uri, t.title
           from comments c left join threads t on t.id = c.tid order by c.id`,
      )
      .iterate() as IterableIterator<IssoRow>;
    let n = 0;
    for (const row of rows) {
      progress(++n);
      const at = `comments row id ${row.id}`;
      if (!row.uri) {
        yield { kind: "invalid", at, reason: "its thread does not exist" };
        continue;
      }
      yield {
        kind: "comment",
        record: {
          sourceId: String(row.id),
          at,
          page: row.uri,
          pageTitle: row.title ?? undefined,
          parentSourceId: row.parent === null ? null : String(row.parent),
          createdAt: unixTime(row.created) ?? "",
          editedAt: unixTime(row.modified),
          author: {
            name: unescapeName(row.author ?? ""),
            email: row.email ? unescapeName(row.email) : null,
            website: row.website ? unescapeName(row.website) : null,
          },
          body: { sourceMarkdown: row.text ?? "", breaks: false },
          status: STATUS[row.mode] ?? "pending",
          deleted: row.mode === 4,
        },
      };
    }
  } finally {
    db.close();
  }
};

const unixTime = (t: number | null) => (t !== null && Number.isFinite(t) ? new Date(t * 1000).toISOString() : null);

/** How many comments the database holds (the progress bar's total). */
export function issoSize(path: string): number {
  let db: SQLite.Database | undefined;
  try {
    db = new SQLite(path, { readonly: true, fileMustExist: true });
    return Number((db.prepare("select count(*) as n from comments").get() as { n: number }).n);
  } catch (e) {
    throw new ImportFileError("", `not an Isso database (${(e as Error).message})`);
  } finally {
    db?.close();
  }
}
