import { createOutboxTable, dropOutboxTable } from "@parlor/mail";
import type { Kysely } from "kysely";

// Frozen: never edit a landed migration; add the next one. Depends only on 0001 and 0002.
export async function up(db: Kysely<any>) {
  // Which comment an imported record became: a second import of the same file finds its records here and adds
  // nothing. The parent's source id waits here until the parent exists, so a file may list replies first.
  await db.schema
    .createTable("comment_import")
    .addColumn("source", "varchar(32)", (c) => c.notNull())
    .addColumn("source_id", "varchar(200)", (c) => c.notNull())
    .addColumn("comment_id", "varchar(32)", (c) => c.notNull())
    .addColumn("parent_source_id", "varchar(200)")
    .addColumn("imported_at", "varchar(32)", (c) => c.notNull())
    .addPrimaryKeyConstraint("comment_import_pk", ["source", "source_id"])
    .execute();
  await db.schema.createIndex("comment_import_comment").on("comment_import").column("comment_id").execute();
  // Outgoing webhooks: queued in the transaction of the change, delivered by the webhook worker.
  await createOutboxTable(db, "comment_webhook_outbox");
}

export async function down(db: Kysely<any>) {
  await dropOutboxTable(db, "comment_webhook_outbox");
  await db.schema.dropTable("comment_import").execute();
}
