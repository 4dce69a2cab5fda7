import type { Kysely } from "kysely";
import type { CommentRow, CommentsDb } from "../db/schema.ts";

type Db = Kysely<CommentsDb>;

// The export's pages: every table it writes, in a stable order, one page after the last row of the one before.

/** Comments oldest first, after (`created_at`, `id`) of the last one written. */
export async function commentsAfter(
  db: Db,
  after: { created_at: string; id: string } | null,
  limit: number,
): Promise<CommentRow[]> {
  let q = db.selectFrom("comment").selectAll();
  if (after) {
    const { created_at, id } = after;
    q = q.where((eb) =>
      eb.or([eb("created_at", ">", created_at), eb.and([eb("created_at", "=", created_at), eb("id", ">", id)])]),
    );
  }
  return q.orderBy("created_at").orderBy("id").limit(limit).execute();
}

/** Threads by page, after the last one written. */
export async function threadsAfter(db: Db, uri: string | null, limit: number) {
  let q = db.selectFrom("comment_thread").selectAll();
  if (uri !== null) q = q.where("uri", ">", uri);
  return q.orderBy("uri").limit(limit).execute();
}

/** Reply-notification addresses by key, after the last one written. */
export async function notifyAddressesAfter(db: Db, key: string | null, limit: number) {
  let q = db.selectFrom("comment_notify_address").selectAll();
  if (key !== null) q = q.where("email_key", ">", key);
  return q.orderBy("email_key").limit(limit).execute();
}
