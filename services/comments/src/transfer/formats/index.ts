import { statSync } from "node:fs";
import type { FormatReader } from "../import.types.ts";
import { readDisqus } from "./disqus.ts";
import { issoSize, readIsso } from "./isso.ts";
import { readParlor } from "./parlor.ts";
import { readRemark42 } from "./remark42.ts";
import { readWaline } from "./waline.ts";
import { readWxr } from "./wxr.ts";

export const FORMATS = {
  parlor: { read: readParlor, what: "a Parlor export (JSON lines, from `cli export`)" },
  disqus: { read: readDisqus, what: "a Disqus XML export" },
  wordpress: { read: readWxr, what: "a WordPress WXR export (Tools → Export)" },
  isso: { read: readIsso, what: "an Isso SQLite database file" },
  remark42: { read: readRemark42, what: "a Remark42 backup file (gzipped or not)" },
  waline: { read: readWaline, what: "a Waline JSON export" },
} satisfies Record<string, { read: FormatReader; what: string }>;

export type FormatName = keyof typeof FORMATS;

export function isFormat(name: string): name is FormatName {
  return Object.hasOwn(FORMATS, name);
}

/** The progress bar's total: rows for a database, bytes for a file. */
export function sizeOf(format: FormatName, path: string): number {
  return format === "isso" ? issoSize(path) : statSync(path).size;
}
