import { idAt, newId } from "@parlor/kit";
import { likeLiteral, likePattern } from "@parlor/kit/store";
import type { SubscriberStatus } from "@parlor/validation";
import type { Insertable, Kysely, Updateable } from "kysely";
import {
  type NewsletterDb,
  OUTBOX_TABLE,
  type SubscriberConsentTable,
  type SubscriberRow,
  type SubscriberTable,
} from "../db/schema.ts";

type Db = Kysely<NewsletterDb>;

export function findSubscriber(db: Db, id: string): Promise<SubscriberRow | undefined> {
  return db.selectFrom("subscriber").selectAll().where("id", "=", id).executeTakeFirst();
}

export function findByKey(db: Db, key: string): Promise<SubscriberRow | undefined> {
  return db.selectFrom("subscriber").selectAll().where("email_key", "=", key).executeTakeFirst();
}

export function findByConfirmHash(db: Db, hash: string): Promise<SubscriberRow | undefined> {
  return db.selectFrom("subscriber").selectAll().where("confirm_token_hash", "=", hash).executeTakeFirst();
}

/** Inserts a subscriber; false when the address is already there (a concurrent signup won). */
export async function insertSubscriber(db: Db, row: Insertable<SubscriberTable>): Promise<boolean> {
  const res = await db
    .insertInto("subscriber")
    .values(row)
    .onConflict((oc) => oc.column("email_key").doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
}

/**
 * Writes a subscriber's row, new or known, with the same two statements either way: an update by id, then an
 * insert that does nothing when the address is there. False when neither wrote: another row holds the address.
 */
export async function saveSubscriber(db: Db, row: SubscriberRow): Promise<boolean> {
  const { id, ...changes } = row;
  const updated = await db.updateTable("subscriber").set(changes).where("id", "=", id).executeTakeFirst();
  const inserted = await insertSubscriber(db, row);
  return Number(updated.numUpdatedRows) > 0 || inserted;
}

export async function updateSubscriber(db: Db, id: string, changes: Updateable<SubscriberTable>) {
  await db.updateTable("subscriber").set(changes).where("id", "=", id).execute();
}

/** A consent record as written: `topics` left out means every topic. */
type NewConsent = Omit<SubscriberConsentTable, "id" | "topics"> & { topics?: string | null };

export async function addConsent(db: Db, row: NewConsent) {
  await db
    .insertInto("subscriber_consent")
    .values({ id: newId(Date.parse(row.created_at)), ...row })
    .execute();
}

/** Consent records for many subscribers in one statement (an import's chunk). */
export async function addConsents(db: Db, rows: readonly NewConsent[]) {
  await db
    .insertInto("subscriber_consent")
    .values(rows.map((row) => ({ id: idAt(Date.parse(row.created_at)), ...row })))
    .execute();
}

export function latestConsent(db: Db, subscriberId: string, kind: SubscriberConsentTable["kind"]) {
  return db
    .selectFrom("subscriber_consent")
    .selectAll()
    .where("subscriber_id", "=", subscriberId)
    .where("kind", "=", kind)
    .orderBy("id", "desc")
    .executeTakeFirst();
}

/** Drops mail to this address that has not gone out yet: after an unsubscribe or a bounce, nothing more is sent. */
export async function dropQueuedMail(db: Db, key: string) {
  await db.deleteFrom(OUTBOX_TABLE).where("recipient", "=", key).where("status", "=", "queued").execute();
}

export interface ListQuery {
  status?: SubscriberStatus;
  q?: string;
  limit: number;
  after?: string;
}

/** Subscribers oldest first (ids are ULIDs, so id order is signup order), optionally by status and a search. */
export function listSubscribers(db: Db, query: ListQuery): Promise<SubscriberRow[]> {
  let sel = db.selectFrom("subscriber").selectAll();
  if (query.status) sel = sel.where("status", "=", query.status);
  if (query.q) {
    // As typed: % and _ in the search are not wildcards.
    const pattern = `%${likeLiteral(query.q.toLowerCase())}%`;
    sel = sel.where((eb) =>
      eb.or([
        likePattern(eb.ref("email_key"), pattern),
        likePattern(eb.fn("lower", [eb.ref("name")]), pattern),
        likePattern(eb.fn("lower", [eb.ref("source")]), pattern),
      ]),
    );
  }
  if (query.after) sel = sel.where("id", ">", query.after);
  return sel.orderBy("id").limit(query.limit).execute();
}

export async function countByStatus(db: Db): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom("subscriber")
    .select((eb) => ["status", eb.fn.countAll().as("n")])
    .groupBy("status")
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
