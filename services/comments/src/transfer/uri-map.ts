import { readFileSync } from "node:fs";
import { normalizePageUri } from "@parlor/validation";

/**
 * How a source's page address becomes a thread `uri`: an entry of the mapping file wins (matched by the full
 * address as the file gives it, or by its path); otherwise the origin, query and fragment are dropped and the path
 * kept (the same rule as the API's). Returns null when nothing path-like is left.
 */
export type UriMapper = (page: string) => string | null;

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
  return (page) => {
    const trimmed = page.trim();
    const direct = map.get(trimmed);
    if (direct) return direct;
    const path = normalizePageUri(trimmed);
    if (path === null) return null;
    return map.get(path) ?? path;
  };
}
