import type { Kysely } from "kysely";

// Frozen: never edit a landed migration; add the next one.
//
// The language a notify-me address was asked for in (`es`, `ar`; null before this: English): its confirmation and
// reply emails are written in it.
export async function up(db: Kysely<any>) {
  await db.schema.alterTable("comment_notify_address").addColumn("locale", "varchar(16)").execute();
}

export async function down(db: Kysely<any>) {
  await db.schema.alterTable("comment_notify_address").dropColumn("locale").execute();
}
