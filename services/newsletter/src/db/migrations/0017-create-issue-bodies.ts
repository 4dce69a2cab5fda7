import type { Kysely } from "kysely";

// Frozen: never edit a landed migration; add the next one.
// An issue's email body, rendered once when its fan-out starts (the unsubscribe link a placeholder): each outbox
// row then holds only the address, headers and that link, and every copy goes out with the same body even when
// the fan-out resumes after a restart.
export async function up(db: Kysely<any>) {
  await db.schema
    .createTable("newsletter_issue_body")
    .addColumn("issue_id", "varchar(32)", (c) => c.primaryKey().references("newsletter_issue.id").onDelete("cascade"))
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("html", "text", (c) => c.notNull())
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>) {
  await db.schema.dropTable("newsletter_issue_body").execute();
}
