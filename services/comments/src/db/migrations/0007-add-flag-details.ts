import type { Kysely } from "kysely";

// Frozen: never edit a landed migration; add the next one.
// Why the screen held a comment: a JSON array of { flag, start, end, rule } (see src/screen/screen.ts FlagDetail),
// offsets in UTF-16 code units into `body`. Rows from before keep "[]": their reasons were never recorded.
export async function up(db: Kysely<any>) {
  await db.schema
    .alterTable("comment")
    .addColumn("flag_details", "text", (c) => c.notNull().defaultTo("[]"))
    .execute();
}

export async function down(db: Kysely<any>) {
  await db.schema.alterTable("comment").dropColumn("flag_details").execute();
}
