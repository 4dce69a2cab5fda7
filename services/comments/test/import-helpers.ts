import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import SQLite from "better-sqlite3";
import { renderMarkdown } from "../src/comments/comment.render.ts";
import type { FormatName } from "../src/transfer/formats/index.ts";
import { importComments } from "../src/transfer/importer.ts";
import { loadUriMap } from "../src/transfer/uri-map.ts";
import type { TestApp } from "./helpers.ts";

export const FIXTURES = join(import.meta.dirname, "fixtures", "imports");
export const fixture = (name: string) => join(FIXTURES, name);

/** Imports a file into the test app's store exactly as `cli import` does (minus the progress bar). */
export function importFile(
  t: TestApp,
  format: FormatName,
  file: string,
  options: {
    skipInvalid?: boolean;
    skipDeleted?: boolean;
    skipSpam?: boolean;
    mapFile?: string;
    chunkSize?: number;
    timezone?: string;
    dryRun?: boolean;
  } = {},
) {
  return importComments(t.db, {
    format,
    file,
    mapUri: loadUriMap(options.mapFile),
    render: (md) => renderMarkdown(md, { allowedImageOrigins: t.config.IMAGE_ORIGINS }),
    now: () => t.clock.now(),
    ...options,
  });
}

/** A real Isso database file built from a fixture's SQL. */
export function issoDatabase(dir: string, sql = "isso.sql"): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${sql}.db`);
  const db = new SQLite(file);
  db.exec(readFileSync(fixture(sql), "utf8"));
  db.close();
  return file;
}

interface ThreadComment {
  id: string;
  parentId: string | null;
  author: { name: string; website: string | null; isModerator: boolean };
  html: string;
  createdAt: string;
  replies: ThreadComment[];
}

/** The page as a reader's client sees it. */
export async function readThread(t: TestApp, uri: string) {
  const res = await t.call("GET", `/v1/comments?uri=${encodeURIComponent(uri)}&limit=100`);
  if (res.status !== 200) throw new Error(`GET failed: ${res.status}`);
  return (await res.json()) as { total: number; comments: ThreadComment[] };
}

/** "name: first words (n replies)" per comment, nested, for readable assertions on a thread's shape. */
export function outline(comments: ThreadComment[], depth = 0): string[] {
  return comments.flatMap((c) => [`${"  ".repeat(depth)}${c.author.name}`, ...outline(c.replies, depth + 1)]);
}

export function writeTemp(dir: string, name: string, text: string) {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}
