import { createModeratorTable } from "@parlor/kit/moderators";
import type { Kysely } from "kysely";

// Frozen: never edit a landed migration; add the next one.
export async function up(db: Kysely<any>) {
  // Named moderators: only a hash of each token is kept (the owner's ADMIN_TOKEN stays in comment_setting).
  await createModeratorTable(db, "comment_moderator");
  // Who did what to which comment, and when. Never an email address, a name or a comment's text: entries
  // outlive what they describe (purged and erased comments).
  await db.schema
    .createTable("comment_audit")
    .addColumn("id", "varchar(32)", (c) => c.primaryKey()) // a ULID: sorts by time
    .addColumn("at", "varchar(32)", (c) => c.notNull())
    .addColumn("actor", "varchar(100)", (c) => c.notNull())
    .addColumn("action", "varchar(40)", (c) => c.notNull())
    .addColumn("subject", "varchar(2048)", (c) => c.notNull())
    .addColumn("uri", "varchar(2048)")
    .addColumn("status_before", "varchar(16)")
    .addColumn("status_after", "varchar(16)")
    .addColumn("detail", "varchar(500)")
    .execute();
  await db.schema.createIndex("comment_audit_actor").on("comment_audit").columns(["actor", "id"]).execute();
  await db.schema.createIndex("comment_audit_subject").on("comment_audit").columns(["subject", "id"]).execute();
  // The retention job looks for old rejected and spam comments by when they were decided.
  await db.schema.createIndex("comment_decided").on("comment").columns(["status", "moderated_at"]).execute();
}

export async function down(db: Kysely<any>) {
  await db.schema.dropIndex("comment_decided").execute();
  await db.schema.dropTable("comment_audit").execute();
  await db.schema.dropTable("comment_moderator").execute();
}
