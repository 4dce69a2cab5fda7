import type { Kysely } from "kysely";
import type { CommentsDb } from "../db/schema.ts";
import { threadState } from "./thread-state.ts";

type Db = Kysely<CommentsDb>;

/** The moderator's word on a page (1 closed, 0 kept open, null none). */
export async function threadOverride(db: Db, uri: string): Promise<number | null> {
  const row = await db.selectFrom("comment_thread").select("closed").where("uri", "=", uri).executeTakeFirst();
  return row?.closed ?? null;
}

/** When the page's first published comment was written (deleted stubs count: the conversation began then). */
export async function firstPublishedAt(db: Db, uri: string): Promise<string | null> {
  const row = await db
    .selectFrom("comment")
    .select((eb) => eb.fn.min("created_at").as("first"))
    .where("uri", "=", uri)
    .where("status", "=", "approved")
    .executeTakeFirst();
  return (row?.first as string | null | undefined) ?? null;
}

export async function readThreadState(db: Db, uri: string, autoCloseAfterMs: number, now: Date) {
  const [override, first] = await Promise.all([
    threadOverride(db, uri),
    autoCloseAfterMs > 0 ? firstPublishedAt(db, uri) : Promise.resolve(null),
  ]);
  return threadState(override, first, autoCloseAfterMs, now);
}

/**
 * Closes (true) or reopens (false) a page. Bumps the thread's version so readers' ETags and caches go stale and
 * the next GET says `closed`. A page with no comments yet gets its row here.
 */
export async function setThreadClosed(db: Db, uri: string, closed: boolean, now: string) {
  const value = closed ? 1 : 0;
  await db
    .insertInto("comment_thread")
    .values({ uri, version: 1, total: 0, updated_at: now, closed: value, closed_changed_at: now })
    .onConflict((oc) =>
      oc.column("uri").doUpdateSet((eb) => ({
        version: eb("comment_thread.version", "+", 1),
        updated_at: now,
        closed: value,
        closed_changed_at: now,
      })),
    )
    .execute();
}
