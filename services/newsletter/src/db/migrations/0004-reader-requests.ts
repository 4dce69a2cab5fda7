import { createModeratorTable } from "@parlor/kit/moderators";
import type { Kysely } from "kysely";

// Frozen: never edit a landed migration; add the next one.
// Named moderator tokens (the readers' export and erasure links are signed and need no table: erasure is
// idempotent). Only a hash of each token is kept; the owner's ADMIN_TOKEN stays in newsletter_setting.
export async function up(db: Kysely<any>) {
  await createModeratorTable(db, "newsletter_moderator");
}

export async function down(db: Kysely<any>) {
  await db.schema.dropTable("newsletter_moderator").execute();
}
