import type { Insertable, Kysely, Updateable } from "kysely";
import type { CommentRow, CommentsDb, CommentTable } from "../db/schema.ts";
import { buildThread } from "./thread.ts";

type Db = Kysely<CommentsDb>;

export async function findComment(db: Db, id: string): Promise<CommentRow | undefined> {
  return db.selectFrom("comment").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function findComments(db: Db, ids: string[]): Promise<CommentRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom("comment").selectAll().where("id", "in", ids).execute();
}

export async function insertComment(db: Db, row: Insertable<CommentTable>) {
  await db.insertInto("comment").values(row).execute();
}

export async function updateComment(db: Db, id: string, changes: Updateable<CommentTable>) {
  await db.updateTable("comment").set(changes).where("id", "=", id).execute();
}

/** Every approved row of a page (deleted stubs included): the material a thread is built from. */
export async function approvedRowsOf(db: Db, uri: string): Promise<CommentRow[]> {
  return db.selectFrom("comment").selectAll().where("uri", "=", uri).where("status", "=", "approved").execute();
}

/** A page's version (0: never had a comment) and a moderator's close/reopen (null: none), in one lookup. */
export async function threadHead(db: Db, uri: string): Promise<{ version: number; closed: number | null }> {
  const row = await db
    .selectFrom("comment_thread")
    .select(["version", "closed"])
    .where("uri", "=", uri)
    .executeTakeFirst();
  return { version: row?.version ?? 0, closed: row?.closed ?? null };
}

export async function threadTotals(db: Db, uris: string[]): Promise<Map<string, number>> {
  if (uris.length === 0) return new Map();
  const rows = await db.selectFrom("comment_thread").select(["uri", "total"]).where("uri", "in", uris).execute();
  return new Map(rows.map((r) => [r.uri, r.total]));
}

/**
 * Call inside the transaction of every change that can alter what a page shows: bumps the page's version
 * (readers' ETags and caches go stale) and recounts its visible comments.
 *
 * The version bump comes first: on PostgreSQL it locks the page's row, so a concurrent writer of the same page
 * waits here and then counts rows that include ours (READ COMMITTED sees what committed before each statement).
 */
export async function touchThread(db: Db, uri: string, now: string) {
  await db
    .insertInto("comment_thread")
    .values({ uri, version: 1, total: 0, updated_at: now })
    .onConflict((oc) =>
      oc.column("uri").doUpdateSet((eb) => ({ version: eb("comment_thread.version", "+", 1), updated_at: now })),
    )
    .execute();
  const { total } = buildThread(await approvedRowsOf(db, uri));
  await db.updateTable("comment_thread").set({ total }).where("uri", "=", uri).execute();
}

export async function countByStatus(db: Db, status: CommentRow["status"]): Promise<number> {
  const row = await db
    .selectFrom("comment")
    .select((eb) => eb.fn.countAll().as("n"))
    .where("status", "=", status)
    .where("deleted_at", "is", null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
