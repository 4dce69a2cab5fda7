import { idAt, newId } from "@parlor/kit";
import { likeLiteral, likePattern, preparedQuery, preparedWrite } from "@parlor/kit/store";
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

// Every signup runs findByKey, saveSubscriber and addConsent: compiled once (preparedQuery), not per signup.
const byKey = preparedQuery((db: Db, key: string) =>
  db.selectFrom("subscriber").selectAll().where("email_key", "=", key),
);

export async function findByKey(db: Db, key: string): Promise<SubscriberRow | undefined> {
  return (await byKey(db, key))[0];
}

export function findByConfirmHash(db: Db, hash: string): Promise<SubscriberRow | undefined> {
  return db.selectFrom("subscriber").selectAll().where("confirm_token_hash", "=", hash).executeTakeFirst();
}

/**
 * Writes a subscriber's row, new or known, with the same one statement either way: an insert that, when the
 * address is there under the same id, updates that row instead. False when it wrote nothing: another row holds the
 * address (a concurrent first signup of it won).
 */
export async function saveSubscriber(db: Db, row: SubscriberRow): Promise<boolean> {
  return (await upsertById(db, row)) > 0;
}
const upsertById = preparedWrite((db: Db, row: Insertable<SubscriberTable>) =>
  db
    .insertInto("subscriber")
    .values(row)
    .onConflict((oc) =>
      oc
        .column("email_key")
        .doUpdateSet((eb) =>
          Object.fromEntries(
            Object.keys(row)
              .filter((column) => column !== "id")
              .map((column) => [column, eb.ref(`excluded.${column as keyof SubscriberTable}`)]),
          ),
        )
        .where((eb) => eb(eb.ref("subscriber.id"), "=", eb.ref("excluded.id"))),
    ),
);

export async function updateSubscriber(db: Db, id: string, changes: Updateable<SubscriberTable>) {
  await db.updateTable("subscriber").set(changes).where("id", "=", id).execute();
}

/** A consent record as written: `topics` left out means every topic. */
type NewConsent = Omit<SubscriberConsentTable, "id" | "topics"> & { topics?: string | null };

export async function addConsent(db: Db, row: NewConsent) {
  await insertConsent(db, { id: newId(Date.parse(row.created_at)), ...row });
}
const insertConsent = preparedWrite((db: Db, row: Insertable<SubscriberConsentTable>) =>
  db.insertInto("subscriber_consent").values(row),
);

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

/** Which of these address keys are subscribers already. */
export async function knownKeys(db: Db, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db.selectFrom("subscriber").select("email_key").where("email_key", "in", keys).execute();
  return new Set(rows.map((r) => r.email_key));
}

/** Consent records with their subscriber's address and status, by id after the last one read. */
export function consentsAfter(db: Db, after: string, limit: number) {
  return db
    .selectFrom("subscriber_consent as c")
    .innerJoin("subscriber as s", "s.id", "c.subscriber_id")
    .select([
      "c.id",
      "s.email",
      "s.status",
      "c.kind",
      "c.created_at",
      "c.source",
      "c.client_address",
      "c.consent_text",
      "c.topics",
    ])
    .where("c.id", ">", after)
    .orderBy("c.id")
    .limit(limit)
    .execute();
}

/** Subscribers and emails in the outbox, each by status (the metrics' gauges). */
export async function countsByStatus(db: Db, table: "subscriber" | typeof OUTBOX_TABLE) {
  return (await db
    .selectFrom(table)
    .select((eb) => ["status", eb.fn.countAll().as("n")])
    .groupBy("status")
    .execute()) as { status: string; n: number | string | bigint }[];
}

/** A subscriber's consent records, oldest first (a reader's export). */
export function consentsOf(db: Db, subscriberId: string) {
  return db
    .selectFrom("subscriber_consent")
    .selectAll()
    .where("subscriber_id", "=", subscriberId)
    .orderBy("created_at")
    .execute();
}

/** The issues a subscriber was sent (a reader's export). */
export function issuesSentTo(db: Db, subscriberId: string) {
  return db
    .selectFrom("newsletter_delivery")
    .innerJoin("newsletter_issue", "newsletter_issue.id", "newsletter_delivery.issue_id")
    .select(["newsletter_issue.slug", "newsletter_issue.subject", "newsletter_issue.sent_at"])
    .where("newsletter_delivery.subscriber_id", "=", subscriberId)
    .execute();
}

/** Erases a subscriber: the row, its consent records and who-got-which-issue. */
export async function deleteSubscriber(db: Db, id: string) {
  await db.deleteFrom("subscriber_consent").where("subscriber_id", "=", id).execute();
  await db.deleteFrom("newsletter_delivery").where("subscriber_id", "=", id).execute();
  await db.deleteFrom("subscriber").where("id", "=", id).execute();
}

/** Forgets the client hashes of signups made before `before`; how many it forgot. */
export async function dropClientHashesBefore(db: Db, before: string): Promise<number> {
  const res = await db
    .updateTable("subscriber")
    .set({ client_hash: null })
    .where("client_hash", "is not", null)
    .where("created_at", "<", before)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

/** Inserts subscribers in one statement, skipping any whose address is there already; the ids it inserted. */
export async function insertSubscribers(db: Db, rows: Insertable<SubscriberTable>[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const inserted = await db
    .insertInto("subscriber")
    .values(rows)
    .onConflict((oc) => oc.column("email_key").doNothing())
    .returning("id")
    .execute();
  return new Set(inserted.map((r) => r.id));
}
