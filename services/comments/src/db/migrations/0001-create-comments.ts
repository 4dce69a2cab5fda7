import { createSettingTable } from "@parlor/kit/store";
import type { Kysely } from "kysely";

// Frozen: never edit a landed migration; add the next one.
export async function up(db: Kysely<any>) {
  await db.schema
    .createTable("comment")
    .addColumn("id", "varchar(32)", (c) => c.primaryKey())
    .addColumn("uri", "varchar(2048)", (c) => c.notNull())
    .addColumn("parent_id", "varchar(32)", (c) => c.references("comment.id"))
    .addColumn("status", "varchar(16)", (c) => c.notNull())
    .addColumn("author_name", "varchar(200)", (c) => c.notNull())
    .addColumn("author_email", "varchar(320)")
    .addColumn("author_website", "varchar(2048)")
    .addColumn("is_moderator", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("html", "text", (c) => c.notNull())
    .addColumn("flags", "varchar(200)", (c) => c.notNull().defaultTo(""))
    .addColumn("notify_replies", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("client_hash", "varchar(64)")
    .addColumn("edit_token_hash", "varchar(64)")
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .addColumn("edited_at", "varchar(32)")
    .addColumn("deleted_at", "varchar(32)")
    .addColumn("moderated_at", "varchar(32)")
    .execute();
  await db.schema.createIndex("comment_thread_read").on("comment").columns(["uri", "status", "created_at"]).execute();
  await db.schema.createIndex("comment_queue").on("comment").columns(["status", "created_at", "id"]).execute();
  await db.schema.createIndex("comment_parent").on("comment").column("parent_id").execute();

  await db.schema
    .createTable("comment_thread")
    .addColumn("uri", "varchar(2048)", (c) => c.primaryKey())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("total", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("updated_at", "varchar(32)", (c) => c.notNull())
    .execute();

  await createSettingTable(db, "comment_setting");
}

export async function down(db: Kysely<any>) {
  await db.schema.dropTable("comment_setting").execute();
  await db.schema.dropTable("comment_thread").execute();
  await db.schema.dropTable("comment").execute();
}
