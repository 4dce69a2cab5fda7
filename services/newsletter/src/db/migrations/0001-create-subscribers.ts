import { createSettingTable } from "@parlor/kit/store";
import { createOutboxTable, dropOutboxTable } from "@parlor/mail";
import type { Kysely } from "kysely";

// Frozen: never edit a landed migration; add the next one. varchar/text/integer and ISO-8601 text timestamps
// only, so the same file runs on SQLite and PostgreSQL.
export async function up(db: Kysely<any>) {
  await db.schema
    .createTable("subscriber")
    .addColumn("id", "varchar(32)", (c) => c.primaryKey())
    .addColumn("email", "varchar(320)", (c) => c.notNull())
    .addColumn("email_key", "varchar(320)", (c) => c.notNull().unique())
    .addColumn("name", "varchar(200)")
    .addColumn("status", "varchar(20)", (c) => c.notNull())
    .addColumn("source", "varchar(2048)")
    .addColumn("flags", "varchar(200)", (c) => c.notNull().defaultTo(""))
    .addColumn("reason", "text")
    .addColumn("client_hash", "varchar(64)")
    .addColumn("confirm_token_hash", "varchar(64)")
    .addColumn("confirm_expires_at", "varchar(32)")
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .addColumn("updated_at", "varchar(32)", (c) => c.notNull())
    .addColumn("confirmed_at", "varchar(32)")
    .addColumn("unsubscribed_at", "varchar(32)")
    .execute();
  await db.schema.createIndex("subscriber_status").on("subscriber").columns(["status", "id"]).execute();
  await db.schema.createIndex("subscriber_confirm").on("subscriber").column("confirm_token_hash").execute();

  await db.schema
    .createTable("subscriber_consent")
    .addColumn("id", "varchar(32)", (c) => c.primaryKey())
    .addColumn("subscriber_id", "varchar(32)", (c) => c.notNull().references("subscriber.id").onDelete("cascade"))
    .addColumn("kind", "varchar(16)", (c) => c.notNull())
    .addColumn("consent_text", "text", (c) => c.notNull())
    .addColumn("source", "varchar(2048)")
    .addColumn("client_address", "varchar(64)")
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("subscriber_consent_subscriber")
    .on("subscriber_consent")
    .column("subscriber_id")
    .execute();

  await db.schema
    .createTable("newsletter_suppression")
    .addColumn("email_hash", "varchar(64)", (c) => c.primaryKey())
    .addColumn("reason", "varchar(16)", (c) => c.notNull())
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .execute();

  await createSettingTable(db, "newsletter_setting");
  await createOutboxTable(db, "newsletter_outbox");
}

export async function down(db: Kysely<any>) {
  await dropOutboxTable(db, "newsletter_outbox");
  await db.schema.dropTable("newsletter_setting").execute();
  await db.schema.dropTable("newsletter_suppression").execute();
  await db.schema.dropTable("subscriber_consent").execute();
  await db.schema.dropTable("subscriber").execute();
}
