import { preparedQuery } from "@parlor/kit/store";
import type { Kysely } from "kysely";
import type { NewsletterDb, SuppressionTable } from "../db/schema.ts";

type Db = Kysely<NewsletterDb>;

/** True when the address (by its keyed hash) must not be mailed. */
export async function isSuppressed(db: Db, emailHash: string): Promise<boolean> {
  return (await suppressed(db, emailHash)).length > 0;
}
// Every signup asks: compiled once (preparedQuery).
const suppressed = preparedQuery((db: Db, emailHash: string) =>
  db.selectFrom("newsletter_suppression").select("email_hash").where("email_hash", "=", emailHash),
);

/** Which of these hashes are on the list (one query; an import asks for a chunk at a time). */
export async function suppressedAmong(db: Db, emailHashes: readonly string[]): Promise<Set<string>> {
  if (emailHashes.length === 0) return new Set();
  const rows = await db
    .selectFrom("newsletter_suppression")
    .select("email_hash")
    .where("email_hash", "in", emailHashes)
    .execute();
  return new Set(rows.map((r) => r.email_hash));
}

/** Puts addresses on the list in one statement (the first reason stays). */
export async function suppressAll(
  db: Db,
  emailHashes: readonly string[],
  reason: SuppressionTable["reason"],
  now: string,
) {
  await db
    .insertInto("newsletter_suppression")
    .values(emailHashes.map((email_hash) => ({ email_hash, reason, created_at: now })))
    .onConflict((oc) => oc.column("email_hash").doNothing())
    .execute();
}

/** Puts an address on the list (the first reason stays). */
export async function suppress(db: Db, emailHash: string, reason: SuppressionTable["reason"], now: string) {
  await db
    .insertInto("newsletter_suppression")
    .values({ email_hash: emailHash, reason, created_at: now })
    .onConflict((oc) => oc.column("email_hash").doNothing())
    .execute();
}

/** A person who signs up and confirms again has shown they want the mail: the old entry goes. */
export async function unsuppress(db: Db, emailHash: string) {
  await db.deleteFrom("newsletter_suppression").where("email_hash", "=", emailHash).execute();
}
