import type { Kysely } from "kysely";
import type { CommentsDb } from "../db/schema.ts";

type Db = Kysely<CommentsDb>;

/** Keeps a page's title as last sent with a comment: one row per page, written only when the title changed. */
export async function savePageTitle(db: Db, uri: string, title: string, now: string) {
  await db
    .insertInto("comment_page")
    .values({ uri, title, updated_at: now })
    .onConflict((oc) =>
      oc.column("uri").doUpdateSet({ title, updated_at: now }).where("comment_page.title", "<>", title),
    )
    .execute();
}

/** The stored titles of these pages (a page nobody sent a title for is absent). */
export async function pageTitles(db: Db, uris: string[]): Promise<Map<string, string>> {
  if (uris.length === 0) return new Map();
  const rows = await db.selectFrom("comment_page").select(["uri", "title"]).where("uri", "in", uris).execute();
  return new Map(rows.map((r) => [r.uri, r.title]));
}
