import { type Kysely, sql } from "kysely";

// Frozen: never edit a landed migration; add the next one.
export async function up(db: Kysely<any>) {
  // Block lists. `value` is stored normalised (lower-cased address or domain, the client hash as is, the word
  // lower-cased), so a lookup is one indexed equality.
  await db.schema
    .createTable("comment_block")
    .addColumn("id", "varchar(32)", (c) => c.primaryKey())
    .addColumn("kind", "varchar(16)", (c) => c.notNull())
    .addColumn("value", "varchar(320)", (c) => c.notNull())
    .addColumn("note", "varchar(200)")
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .addUniqueConstraint("comment_block_kind_value", ["kind", "value"])
    .execute();

  // Reader reports: one row per reader (client hash) per comment. A moderator's decision resolves the open ones;
  // resolved rows stay so the same reader cannot report the same comment twice.
  await db.schema
    .createTable("comment_report")
    // Cascade: a comment purged for good (retention) takes its reports with it.
    .addColumn("comment_id", "varchar(32)", (c) => c.notNull().references("comment.id").onDelete("cascade"))
    .addColumn("client_hash", "varchar(64)", (c) => c.notNull())
    .addColumn("reason", "varchar(32)", (c) => c.notNull())
    .addColumn("note", "varchar(500)")
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .addColumn("resolved_at", "varchar(32)")
    .addPrimaryKeyConstraint("comment_report_pk", ["comment_id", "client_hash"])
    .execute();
  await db.schema
    .createIndex("comment_report_open")
    .on("comment_report")
    .columns(["resolved_at", "comment_id"])
    .execute();

  // A moderator's word on a thread: 1 closed, 0 kept open (overrides AUTO_CLOSE_AFTER), null the setting decides.
  await db.schema.alterTable("comment_thread").addColumn("closed", "integer").execute();
  await db.schema.alterTable("comment_thread").addColumn("closed_changed_at", "varchar(32)").execute();

  // Trusted-commenter checks and the email search read comments by lower-cased address.
  await sql`create index comment_author_email on comment (lower(author_email), status)`.execute(db);
}

export async function down(db: Kysely<any>) {
  await db.schema.dropIndex("comment_author_email").execute();
  await db.schema.alterTable("comment_thread").dropColumn("closed_changed_at").execute();
  await db.schema.alterTable("comment_thread").dropColumn("closed").execute();
  await db.schema.dropTable("comment_report").execute();
  await db.schema.dropTable("comment_block").execute();
}
