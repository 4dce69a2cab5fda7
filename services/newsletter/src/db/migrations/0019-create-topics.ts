import type { Kysely } from "kysely";

// Frozen: never edit a landed migration; add the next one.
// Topics ("New articles", "Weekly tips"): what a subscriber follows and what an issue goes to.
// A subscriber with no row in newsletter_subscriber_topic follows every topic, including topics added later;
// so every subscriber already here is enrolled in every topic without a row being written. An issue with no row
// in newsletter_issue_topic goes to every active subscriber. A consent record keeps the topics chosen (slugs,
// space-separated; null: every topic).
export async function up(db: Kysely<any>) {
  await db.schema
    .createTable("newsletter_topic")
    .addColumn("id", "varchar(32)", (c) => c.primaryKey())
    .addColumn("slug", "varchar(64)", (c) => c.notNull().unique())
    .addColumn("name", "varchar(100)", (c) => c.notNull())
    .addColumn("description", "varchar(500)")
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .addColumn("updated_at", "varchar(32)", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("newsletter_subscriber_topic")
    .addColumn("subscriber_id", "varchar(32)", (c) => c.notNull().references("subscriber.id").onDelete("cascade"))
    .addColumn("topic_id", "varchar(32)", (c) => c.notNull().references("newsletter_topic.id").onDelete("cascade"))
    .addPrimaryKeyConstraint("newsletter_subscriber_topic_pk", ["subscriber_id", "topic_id"])
    .execute();
  await db.schema
    .createIndex("newsletter_subscriber_topic_topic")
    .on("newsletter_subscriber_topic")
    .columns(["topic_id", "subscriber_id"])
    .execute();
  await db.schema
    .createTable("newsletter_issue_topic")
    .addColumn("issue_id", "varchar(32)", (c) => c.notNull().references("newsletter_issue.id").onDelete("cascade"))
    .addColumn("topic_id", "varchar(32)", (c) => c.notNull().references("newsletter_topic.id").onDelete("cascade"))
    .addPrimaryKeyConstraint("newsletter_issue_topic_pk", ["issue_id", "topic_id"])
    .execute();
  await db.schema.alterTable("subscriber_consent").addColumn("topics", "varchar(4000)").execute();
}

export async function down(db: Kysely<any>) {
  await db.schema.alterTable("subscriber_consent").dropColumn("topics").execute();
  await db.schema.dropTable("newsletter_issue_topic").execute();
  await db.schema.dropTable("newsletter_subscriber_topic").execute();
  await db.schema.dropTable("newsletter_topic").execute();
}
