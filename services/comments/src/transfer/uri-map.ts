import { readFileSync } from "node:fs";
import { normalizePageUri } from "@parlor/validation";
import { queryIdentity } from "./page-identity.ts";

/**
 * How a source's page address becomes a thread `uri`: an entry of the mapping file wins (matched by the full
 * address as the file gives it, by the page's permalink, or by its path unless a query names the page); otherwise
 * the permalink the export gives for a page named by its query (`/?p=12` → `/flu-shots`), else the address with
 * its origin, query and fragment dropped (the same rule as the API's). Null when nothing path-like is left.
 * `fromMap` says the operator placed it.
 */
export type UriMapper = (page: string, permalink?: string) => { uri: string; fromMap: boolean } | null;

/**
 * A mapping file has one pair per line, `old new` (whitespace or a comma between them); `#` starts a comment.
 *
 *   https://old.example/2019/05/flu-shots/  /blog/flu-shots
 */
export function loadUriMap(path: string | undefined): UriMapper {
  const map = new Map<string, string>();
  if (path) {
    readFileSync(path, "utf8")
      .split(/\r?\n/)
      .forEach((raw, i) => {
        const line = raw.replace(/#.*$/, "").trim();
        if (!line) return;
        const [from, to, extra] = line.split(/[\s,]+/);
        const target = to ? normalizePageUri(to) : null;
        if (!from || !target || extra !== undefined) {
          throw new Error(`${path} line ${i + 1}: expected "<old address> <new path>"`);
        }
        map.set(from, target);
      });
  }
  return (page, permalink) => {
    const trimmed = page.trim();
    const direct = map.get(trimmed) ?? (permalink ? map.get(permalink) : undefined);
    if (direct) return { uri: direct, fromMap: true };
    const own = permalink ? normalizePageUri(permalink) : null;
    const path = normalizePageUri(trimmed);
    // `/?p=12`'s path is `/`: an entry for `/` is the home page's, not this page's.
    const byPath = path !== null && !queryIdentity(trimmed) ? map.get(path) : undefined;
    if (byPath) return { uri: byPath, fromMap: true };
    const uri = own ?? path;
    return uri === null ? null : { uri, fromMap: false };
  };
}
