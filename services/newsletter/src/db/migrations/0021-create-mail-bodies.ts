import type { Kysely } from "kysely";

// Frozen: never edit a landed migration; add the next one.
// A transactional email's body shared by many rows (a signup's confirmation, rendered once per configuration,
// language and link, its token a placeholder): each outbox row then holds the address, headers and the token, a
// few hundred bytes instead of the ~3 KB rendered email, and the mail worker fills the token in at send time.
export async function up(db: Kysely<any>) {
  await db.schema
    .createTable("newsletter_mail_body")
    .addColumn("ref", "varchar(80)", (c) => c.primaryKey())
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("html", "text", (c) => c.notNull())
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>) {
  await db.schema.dropTable("newsletter_mail_body").execute();
}
