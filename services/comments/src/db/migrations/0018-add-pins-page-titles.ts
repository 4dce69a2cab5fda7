import type { Kysely } from "kysely";

// Frozen: never edit a landed migration; add the next one.
//
// 1. A moderator pins a published comment: `pinned_at` is when (null: not pinned). Pinned comments (at most three
//    per page, checked when pinning) lead the first page of their thread.
// 2. The title of each page readers comment on, as the widget last saw it (document title, bounded): one row per
//    page, updated when it changes, shown to moderators beside a held comment.
export async function up(db: Kysely<any>) {
  await db.schema.alterTable("comment").addColumn("pinned_at", "varchar(32)").execute();
  await db.schema
    .createTable("comment_page")
    .addColumn("uri", "varchar(2048)", (c) => c.primaryKey())
    .addColumn("title", "varchar(300)", (c) => c.notNull())
    .addColumn("updated_at", "varchar(32)", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>) {
  await db.schema.dropTable("comment_page").execute();
  await db.schema.alterTable("comment").dropColumn("pinned_at").execute();
}
