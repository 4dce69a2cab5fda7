import type { Kysely } from "kysely";

// Frozen: never edit a landed migration; add the next one.
//
// The language a subscriber signed up in (`es`, `ar`; null before this: English): their confirmation and welcome
// emails are written in it, and their consent record keeps the wording they were shown in it.
export async function up(db: Kysely<any>) {
  await db.schema.alterTable("subscriber").addColumn("locale", "varchar(16)").execute();
}

export async function down(db: Kysely<any>) {
  await db.schema.alterTable("subscriber").dropColumn("locale").execute();
}
