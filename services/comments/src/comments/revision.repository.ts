import type { Kysely } from "kysely";
import type { CommentsDb, RevisionRow } from "../db/schema.ts";

type Db = Kysely<CommentsDb>;

/** The edit of a comment that waits for a moderator, if any. */
export function findRevision(db: Db, commentId: string): Promise<RevisionRow | undefined> {
  return db.selectFrom("comment_revision").selectAll().where("comment_id", "=", commentId).executeTakeFirst();
}

/** The waiting edits of these comments, by comment id. */
export async function revisionsOf(db: Db, commentIds: string[]): Promise<Map<string, RevisionRow>> {
  if (commentIds.length === 0) return new Map();
  const rows = await db.selectFrom("comment_revision").selectAll().where("comment_id", "in", commentIds).execute();
  return new Map(rows.map((r) => [r.comment_id, r]));
}

/** Keeps an edit for review; a newer edit of the same comment replaces the one still waiting. */
export async function saveRevision(db: Db, row: RevisionRow) {
  const { comment_id: _id, ...changes } = row;
  await db
    .insertInto("comment_revision")
    .values(row)
    .onConflict((oc) => oc.column("comment_id").doUpdateSet(changes))
    .execute();
}

/** Drops a waiting edit; true when there was one. */
export async function dropRevision(db: Db, commentId: string): Promise<boolean> {
  const res = await db.deleteFrom("comment_revision").where("comment_id", "=", commentId).executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}
