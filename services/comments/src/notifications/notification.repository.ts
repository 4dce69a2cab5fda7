import type { Kysely } from "kysely";
import type { CommentsDb } from "../db/schema.ts";

type Db = Kysely<CommentsDb>;

/** What is known of an address that asked for reply emails (by its key: trimmed, lower-cased). */
export async function findNotifyAddress(db: Db, key: string) {
  return db.selectFrom("comment_notify_address").selectAll().where("email_key", "=", key).executeTakeFirst();
}

/** An address that asked for reply emails and has not confirmed yet (kept as it is when already known). */
export async function addNotifyAddress(db: Db, key: string, email: string, now: string, locale: string | null) {
  await db
    .insertInto("comment_notify_address")
    .values({ email_key: key, email, created_at: now, locale })
    .onConflict((oc) => oc.column("email_key").doNothing())
    .execute();
}

/** The language the address's reply emails speak (the latest request's). */
export async function setNotifyLocale(db: Db, key: string, locale: string | null) {
  await db.updateTable("comment_notify_address").set({ locale }).where("email_key", "=", key).execute();
}

/** The address confirmed it wants reply emails (again, after an unsubscribe). */
export async function confirmNotifyAddress(db: Db, key: string, email: string, now: string) {
  await db
    .insertInto("comment_notify_address")
    .values({ email_key: key, email, confirmed_at: now, created_at: now })
    .onConflict((oc) => oc.column("email_key").doUpdateSet({ confirmed_at: now, unsubscribed_at: null }))
    .execute();
}

export async function unsubscribeNotifyAddress(db: Db, key: string, now: string) {
  await db
    .updateTable("comment_notify_address")
    .set({ unsubscribed_at: now })
    .where("email_key", "=", key)
    .where("unsubscribed_at", "is", null)
    .execute();
}

/** Spends a single-use link under its key; false when it was spent before. */
export async function spendLink(db: Db, useKey: string, now: string): Promise<boolean> {
  const res = await db
    .insertInto("comment_used_link")
    .values({ token_hash: useKey, used_at: now })
    .onConflict((oc) => oc.column("token_hash").doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Forgets an address that asked for reply emails (erasure). */
export async function forgetNotifyAddress(db: Db, key: string) {
  await db.deleteFrom("comment_notify_address").where("email_key", "=", key).execute();
}
