import type { Kysely } from "kysely";

// Frozen: never edit a landed migration; add the next one.
export async function up(db: Kysely<any>) {
  await db.schema
    .createTable("newsletter_issue")
    .addColumn("id", "varchar(32)", (c) => c.primaryKey())
    .addColumn("slug", "varchar(120)", (c) => c.notNull().unique())
    .addColumn("subject", "varchar(400)", (c) => c.notNull())
    .addColumn("markdown", "text", (c) => c.notNull())
    .addColumn("html", "text", (c) => c.notNull())
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("status", "varchar(16)", (c) => c.notNull())
    .addColumn("scheduled_at", "varchar(32)")
    .addColumn("started_at", "varchar(32)")
    .addColumn("fanout_after", "varchar(32)")
    .addColumn("fanout_done", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("sent_at", "varchar(32)")
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .addColumn("updated_at", "varchar(32)", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("newsletter_issue_status")
    .on("newsletter_issue")
    .columns(["status", "sent_at"])
    .execute();

  // Who an issue was queued for; the outbox row (joined on its idempotency key) says how that delivery went.
  await db.schema
    .createTable("newsletter_delivery")
    .addColumn("issue_id", "varchar(32)", (c) => c.notNull().references("newsletter_issue.id"))
    .addColumn("subscriber_id", "varchar(32)", (c) => c.notNull())
    .addColumn("outbox_key", "varchar(200)", (c) => c.notNull())
    .addPrimaryKeyConstraint("newsletter_delivery_pk", ["issue_id", "subscriber_id"])
    .execute();
  await db.schema
    .createIndex("newsletter_delivery_subscriber")
    .on("newsletter_delivery")
    .column("subscriber_id")
    .execute();
}

export async function down(db: Kysely<any>) {
  await db.schema.dropTable("newsletter_delivery").execute();
  await db.schema.dropTable("newsletter_issue").execute();
}
