import { createHash } from "node:crypto";
import { invalidField } from "@parlor/kit";
import { decodeCursor, encodeCursor } from "@parlor/validation";
import type { Kysely } from "kysely";
import { LRUCache } from "lru-cache";
import type { CommentsDb } from "../db/schema.ts";
import { approvedRowsOf, threadTotals, threadVersion } from "./comment.repository.ts";
import { toNestedView } from "./comment.view.ts";
import { type BuiltThread, buildThread, rootOf, type ThreadNode } from "./thread.ts";

export type Sort = "oldest" | "newest";
interface PageCursor {
  s: Sort;
  t: string;
  i: string;
  x?: 1; // inclusive: the page starts at this comment (permalinks)
}

export interface ThreadPage {
  etag: string;
  /** The serialized JSON, built once per thread version, as UTF-8 bytes: a 26 kB page is not re-encoded per read. */
  body: Uint8Array<ArrayBuffer>;
}

/**
 * Reads threads. A page's built tree and serialized answer are cached per thread version; every write bumps
 * the version in the same transaction, so one cheap version lookup decides between 304, the cached body, or a
 * rebuild, also when several processes share one database.
 */
export function createThreadReader(db: Kysely<CommentsDb>, options: { maxDepth: number }) {
  const threads = new LRUCache<string, { version: number; thread: BuiltThread }>({ max: 500 });
  const pages = new LRUCache<string, ThreadPage>({
    max: 2000,
    maxSize: 64 * 1024 * 1024,
    sizeCalculation: (p) => p.body.byteLength + 1,
  });

  async function threadAt(uri: string, version: number): Promise<BuiltThread> {
    const hit = threads.get(uri);
    if (hit && hit.version === version) return hit.thread;
    const thread = buildThread(version === 0 ? [] : await approvedRowsOf(db, uri));
    threads.set(uri, { version, thread });
    return thread;
  }

  async function page(uri: string, sort: Sort, limit: number, cursor: string | undefined): Promise<ThreadPage> {
    const version = await threadVersion(db, uri);
    const key = `${uri}\n${version}\n${sort}\n${limit}\n${cursor ?? ""}`;
    const cached = pages.get(key);
    if (cached) return cached;
    const thread = await threadAt(uri, version);
    const start = startIndex(thread.roots, sort, cursor);
    const ordered = sort === "oldest" ? thread.roots : [...thread.roots].reverse();
    const slice = ordered.slice(start, start + limit);
    const last = slice.at(-1);
    const nextCursor =
      last && start + limit < ordered.length
        ? encodeCursor({ s: sort, t: last.row.created_at, i: last.row.id } satisfies PageCursor)
        : null;
    const body = new TextEncoder().encode(
      JSON.stringify({
        uri,
        total: thread.total,
        comments: slice.map((n) => toNestedView(n, options.maxDepth)),
        nextCursor,
      }),
    );
    const etag = `"${version}-${createHash("sha1").update(key).digest("base64url").slice(0, 16)}"`;
    const result = { etag, body };
    pages.set(key, result);
    return result;
  }

  /** A shown comment with its replies, and the cursor of the oldest-first page that starts at its thread. */
  async function permalink(id: string, uri: string) {
    const thread = await threadAt(uri, await threadVersion(db, uri));
    const node = thread.byId.get(id);
    if (!node || node.row.deleted_at !== null) return null;
    const root = rootOf(thread, id) as ThreadNode;
    const cursor = encodeCursor({ s: "oldest", t: root.row.created_at, i: root.row.id, x: 1 } satisfies PageCursor);
    return { comment: toNestedView(node, options.maxDepth), uri, cursor };
  }

  async function counts(uris: string[]): Promise<Record<string, number>> {
    const totals = await threadTotals(db, uris);
    return Object.fromEntries(uris.map((u) => [u, totals.get(u) ?? 0]));
  }

  return { page, permalink, counts };
}
export type ThreadReader = ReturnType<typeof createThreadReader>;

function startIndex(roots: ThreadNode[], sort: Sort, cursor: string | undefined): number {
  if (!cursor) return 0;
  const c = decodeCursor(cursor) as PageCursor | null;
  if (!c || (c.s !== "oldest" && c.s !== "newest") || typeof c.t !== "string" || typeof c.i !== "string") {
    throw invalidField("cursor", "must be a cursor returned by this API");
  }
  if (c.s !== sort) throw invalidField("cursor", `was made for sort=${c.s}`);
  const ordered = sort === "oldest" ? roots : [...roots].reverse();
  const cmp = (n: ThreadNode) =>
    n.row.created_at === c.t ? (n.row.id === c.i ? 0 : n.row.id < c.i ? -1 : 1) : n.row.created_at < c.t ? -1 : 1;
  const idx = ordered.findIndex((n) => {
    const d = sort === "oldest" ? cmp(n) : -cmp(n);
    return c.x ? d >= 0 : d > 0;
  });
  return idx === -1 ? ordered.length : idx;
}
