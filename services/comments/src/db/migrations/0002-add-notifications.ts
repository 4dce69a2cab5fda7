import { createOutboxTable, dropOutboxTable } from "@parlor/mail";
import type { Kysely } from "kysely";

// Frozen: never edit a landed migration; add the next one.
export async function up(db: Kysely<any>) {
  await createOutboxTable(db, "comment_outbox");
  // An address that asked for reply emails: it gets them only once it has confirmed, until it unsubscribes.
  await db.schema
    .createTable("comment_notify_address")
    .addColumn("email_key", "varchar(320)", (c) => c.primaryKey())
    .addColumn("email", "varchar(320)", (c) => c.notNull())
    .addColumn("confirmed_at", "varchar(32)")
    .addColumn("unsubscribed_at", "varchar(32)")
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .execute();
  // Hashes of single-use links (moderation, confirmation) that were used.
  await db.schema
    .createTable("comment_used_link")
    .addColumn("token_hash", "varchar(64)", (c) => c.primaryKey())
    .addColumn("used_at", "varchar(32)", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>) {
  await db.schema.dropTable("comment_used_link").execute();
  await db.schema.dropTable("comment_notify_address").execute();
  await dropOutboxTable(db, "comment_outbox");
}
