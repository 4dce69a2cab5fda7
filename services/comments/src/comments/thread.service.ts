import { createHash } from "node:crypto";
import { invalidField } from "@parlor/kit";
import { changeStamp } from "@parlor/kit/store";
import { decodeCursor, encodeCursor } from "@parlor/validation";
import type { Kysely } from "kysely";
import { LRUCache } from "lru-cache";
import type { CommentsDb } from "../db/schema.ts";
import { approvedRowsOf, findComment, threadHead, threadTotals } from "./comment.repository.ts";
import { toNestedView } from "./comment.view.ts";
import { type BuiltThread, buildThread, rootOf, type ThreadNode } from "./thread.ts";
import { threadState } from "./thread-state.ts";

export type Sort = "oldest" | "newest";
type PageCursor =
  | {
      s: Sort;
      t: string;
      i: string;
      x?: 1; // inclusive: the page starts at this comment (permalinks)
    }
  | { s: Sort; p: number }; // the page starts at the p-th leading (pinned) thread

/** The order a page walks: the pinned threads first (in both sorts), then every other top-level comment. */
function orderedRoots(thread: BuiltThread, sort: Sort): ThreadNode[] {
  const rest = thread.roots.filter((n) => !thread.leading.includes(n));
  return [...thread.leading, ...(sort === "oldest" ? rest : rest.reverse())];
}

export interface ThreadPage {
  etag: string;
  /** The serialized JSON, built once per thread version, as UTF-8 bytes: a 26 kB page is not re-encoded per read. */
  body: Uint8Array<ArrayBuffer>;
  /** Its brotli and gzip forms, each made when a client first asks for it, kept with the bytes (kit encodedBody). */
  br?: Uint8Array<ArrayBuffer>;
  gzip?: Uint8Array<ArrayBuffer>;
}

/**
 * Reads threads. A page's built tree and serialized answer are cached per thread version; every write bumps
 * the version in the same transaction, so one cheap version lookup decides between 304, the cached body, or a
 * rebuild, also when several processes share one database.
 */
export function createThreadReader(
  db: Kysely<CommentsDb>,
  options: { maxDepth: number; autoCloseAfterMs?: number; clock?: { now(): Date } },
) {
  const clock = options.clock ?? { now: () => new Date() };
  const threads = new LRUCache<string, { version: number; thread: BuiltThread; first: string | null }>({ max: 500 });
  const pages = new LRUCache<string, ThreadPage>({
    max: 2000,
    maxSize: 64 * 1024 * 1024,
    // The compressed forms come later and are a fraction of the body: counted at a third of it up front.
    sizeCalculation: (p) => Math.ceil(p.body.byteLength * 1.34) + 1,
  });

  /** The built tree of a version, and when its first published comment was written (for AUTO_CLOSE_AFTER). */
  async function builtAt(uri: string, version: number) {
    const hit = threads.get(uri);
    if (hit && hit.version === version) return hit;
    const rows = version === 0 ? [] : await approvedRowsOf(db, uri);
    const first = rows.reduce<string | null>((m, r) => (m === null || r.created_at < m ? r.created_at : m), null);
    const built = { version, thread: buildThread(rows), first };
    threads.set(uri, built);
    return built;
  }
  const threadAt = async (uri: string, version: number) => (await builtAt(uri, version)).thread;

  // Each page's version and close, kept with the store's change stamp they were read under (changeStamp): while the
  // stamp holds (nothing committed since, by any process) a read needs no lookup at all. PostgreSQL has no stamp.
  const heads = new LRUCache<string, { stamp: string; version: number; closed: number | null }>({ max: 2000 });
  const pageKey = (uri: string, version: number, sort: Sort, limit: number, cursor: string | undefined, c: boolean) =>
    `${uri}\n${version}\n${sort}\n${limit}\n${cursor ?? ""}\n${c ? 1 : 0}`;

  /**
   * The page as page() would give it, when that needs no store read and no build (its version known under the
   * current change stamp, the page already made); else undefined. Synchronous: the hot reads take no promise.
   */
  function cachedPage(uri: string, sort: Sort, limit: number, cursor: string | undefined): ThreadPage | undefined {
    const stamp = changeStamp(db);
    const head = stamp === null ? undefined : heads.get(uri);
    if (!head || head.stamp !== stamp) return undefined;
    const built = threads.get(uri);
    if (!built || built.version !== head.version) return undefined;
    const { closed } = threadState(head.closed, built.first, options.autoCloseAfterMs ?? 0, clock.now());
    return pages.get(pageKey(uri, head.version, sort, limit, cursor, closed));
  }

  async function page(uri: string, sort: Sort, limit: number, cursor: string | undefined): Promise<ThreadPage> {
    // The stamp first, then the lookup: a commit in between makes the next read look again.
    const stamp = changeStamp(db);
    const kept = stamp === null ? undefined : heads.get(uri);
    const head = kept && kept.stamp === stamp ? kept : await threadHead(db, uri);
    if (stamp !== null && head !== kept) heads.set(uri, { stamp, version: head.version, closed: head.closed });
    const { version } = head;
    const built = await builtAt(uri, version);
    // Time alone can close a thread (AUTO_CLOSE_AFTER), so `closed` is part of the key and of the ETag.
    const { closed } = threadState(head.closed, built.first, options.autoCloseAfterMs ?? 0, clock.now());
    const key = pageKey(uri, version, sort, limit, cursor, closed);
    const cached = pages.get(key);
    if (cached) return cached;
    const thread = built.thread;
    const ordered = orderedRoots(thread, sort);
    const start = startIndex(ordered, thread.leading.length, sort, cursor);
    const slice = ordered.slice(start, start + limit);
    const last = slice.at(-1);
    const end = start + slice.length;
    const nextCursor =
      last && end < ordered.length
        ? encodeCursor(
            (end <= thread.leading.length
              ? { s: sort, p: end }
              : { s: sort, t: last.row.created_at, i: last.row.id }) satisfies PageCursor,
          )
        : null;
    const body = new TextEncoder().encode(
      JSON.stringify({
        uri,
        total: thread.total,
        closed,
        comments: slice.map((n) => toNestedView(n, options.maxDepth)),
        nextCursor,
      }),
    );
    const etag = `"${version}-${createHash("sha1").update(key).digest("base64url").slice(0, 16)}"`;
    const result: ThreadPage = { etag, body };
    pages.set(key, result);
    return result;
  }

  /**
   * A shown comment with its replies, and the cursor of the oldest-first page that starts at its thread; null for
   * a comment that is not approved, deleted or unknown.
   */
  async function permalink(id: string) {
    const row = await findComment(db, id);
    if (row?.status !== "approved") return null;
    const uri = row.uri;
    const thread = await threadAt(uri, (await threadHead(db, uri)).version);
    const node = thread.byId.get(id);
    if (!node || node.row.deleted_at !== null) return null;
    const root = rootOf(thread, id) as ThreadNode;
    const pin = thread.leading.indexOf(root);
    const cursor = encodeCursor(
      (pin >= 0
        ? { s: "oldest", p: pin }
        : { s: "oldest", t: root.row.created_at, i: root.row.id, x: 1 }) satisfies PageCursor,
    );
    return { comment: toNestedView(node, options.maxDepth), uri, cursor };
  }

  async function counts(uris: string[]): Promise<Record<string, number>> {
    const totals = await threadTotals(db, uris);
    return Object.fromEntries(uris.map((u) => [u, totals.get(u) ?? 0]));
  }

  // The answers to the counts a site's pages ask for (the same lists, over and over), serialized, each kept with the
  // store's change stamp it was read under: served again until anything is written (on SQLite; see changeStamp).
  const countAnswers = new LRUCache<string, { stamp: string; body: Uint8Array<ArrayBuffer> }>({ max: 500 });

  // A list's key, kept per list: a checked query is one frozen object per query string, asked again and again.
  const listKeys = new WeakMap<readonly string[], string>();
  const keyOf = (uris: readonly string[]) => {
    let key = listKeys.get(uris);
    if (key === undefined) {
      key = uris.join("\n");
      listKeys.set(uris, key);
    }
    return key;
  };

  /** countsBody's answer when it is kept under the current change stamp; else undefined. Synchronous. */
  function cachedCounts(uris: readonly string[]): Uint8Array<ArrayBuffer> | undefined {
    const stamp = changeStamp(db);
    if (stamp === null) return undefined;
    const kept = countAnswers.get(keyOf(uris));
    return kept && kept.stamp === stamp ? kept.body : undefined;
  }

  /** `{"counts":{…}}` for these pages, as bytes. */
  async function countsBody(uris: readonly string[]): Promise<Uint8Array<ArrayBuffer>> {
    const stamp = changeStamp(db);
    const key = keyOf(uris);
    const kept = stamp === null ? undefined : countAnswers.get(key);
    if (kept && kept.stamp === stamp) return kept.body;
    const body = new TextEncoder().encode(JSON.stringify({ counts: await counts([...uris]) }));
    if (stamp !== null) countAnswers.set(key, { stamp, body });
    return body;
  }

  return { page, cachedPage, permalink, counts, countsBody, cachedCounts };
}
export type ThreadReader = ReturnType<typeof createThreadReader>;

/** Where a page starts in `ordered` (the leading threads, then the rest in `sort` order). */
function startIndex(ordered: ThreadNode[], leading: number, sort: Sort, cursor: string | undefined): number {
  if (!cursor) return 0;
  const c = decodeCursor(cursor) as (Partial<{ t: unknown; i: unknown; p: unknown; x: 1 }> & { s?: unknown }) | null;
  const pinned = typeof c?.p === "number" && Number.isInteger(c.p) && c.p >= 0;
  if (
    !c ||
    (c.s !== "oldest" && c.s !== "newest") ||
    (!pinned && (typeof c.t !== "string" || typeof c.i !== "string"))
  ) {
    throw invalidField("cursor", "must be a cursor returned by this API");
  }
  if (c.s !== sort) throw invalidField("cursor", `was made for sort=${c.s}`);
  // Pins changed since the cursor was made: the page starts after whatever leads now.
  if (pinned) return Math.min(c.p as number, leading);
  const [t, i] = [c.t as string, c.i as string];
  const cmp = (n: ThreadNode) =>
    n.row.created_at === t ? (n.row.id === i ? 0 : n.row.id < i ? -1 : 1) : n.row.created_at < t ? -1 : 1;
  const rest = ordered.slice(leading);
  const idx = rest.findIndex((n) => {
    const d = sort === "oldest" ? cmp(n) : -cmp(n);
    return c.x ? d >= 0 : d > 0;
  });
  return leading + (idx === -1 ? rest.length : idx);
}
