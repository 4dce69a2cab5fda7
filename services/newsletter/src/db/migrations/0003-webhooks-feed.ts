import { createOutboxTable, dropOutboxTable } from "@parlor/mail";
import type { Kysely } from "kysely";

// Frozen: never edit a landed migration; add the next one. Depends only on 0001 and 0002.
export async function up(db: Kysely<any>) {
  // Outgoing webhooks: queued in the transaction of the change, delivered by the webhook worker.
  await createOutboxTable(db, "newsletter_webhook_outbox");
  // Entries of the blog's own feed already seen (FEED_URL): each is announced at most once.
  await db.schema
    .createTable("newsletter_feed_entry")
    .addColumn("key", "varchar(64)", (c) => c.primaryKey()) // sha256 of feed URL and entry id
    .addColumn("feed_url", "varchar(2048)", (c) => c.notNull())
    .addColumn("entry_id", "text", (c) => c.notNull())
    .addColumn("title", "text")
    .addColumn("issue_id", "varchar(32)")
    .addColumn("seen_at", "varchar(32)", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("newsletter_feed_entry_feed").on("newsletter_feed_entry").column("feed_url").execute();
}

export async function down(db: Kysely<any>) {
  await db.schema.dropTable("newsletter_feed_entry").execute();
  await dropOutboxTable(db, "newsletter_webhook_outbox");
}
