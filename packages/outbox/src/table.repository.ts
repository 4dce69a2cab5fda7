import { newId } from "@parlor/kit";
import { preparedWrite } from "@parlor/kit/store";
import { type Selectable, sql } from "kysely";
import type { AnyDb } from "./db.ts";

// Monotonic within a millisecond, so rows queued in one burst keep their order.

export type OutboxStatus = "queued" | "sending" | "sent" | "dead";

/**
 * One outbox table; a service adds it to its database type: `comment_outbox: OutboxTable`. The columns were named
 * when mail was the only delivery (operators' queries know them), so they read: `recipient` = the delivery's
 * target (a lower-cased address, a webhook URL), `subject` = its label in logs and exports (an email's subject,
 * an event type), `message` = the handler's payload as JSON.
 */
export interface OutboxTable {
  id: string; // a ULID: sorts by creation, names the .eml file
  idempotency_key: string;
  recipient: string;
  subject: string;
  message: string;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: string; // ISO-8601 UTC, like every timestamp here
  lease_owner: string | null;
  lease_until: string | null;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}
export type OutboxRow = Selectable<OutboxTable>;

// Table names come from service code, never from input, but a typo should fail loudly rather than create
// a table nobody reads. 63 is PostgreSQL's identifier limit; index names add a suffix.
export function checkTable(table: string): string {
  if (!/^[a-z_][a-z0-9_]{0,40}$/.test(table)) throw new Error(`invalid outbox table name: ${table}`);
  return table;
}

/**
 * Creates an outbox table; call it from a service migration. Only varchar/text/integer and ISO-8601 text
 * timestamps, so the same migration runs on SQLite and PostgreSQL. Frozen: migrations already landed call it.
 *
 *   export async function up(db: AnyDb) { await createOutboxTable(db, "comment_outbox"); }
 */
export async function createOutboxTable(db: AnyDb, table: string) {
  checkTable(table);
  await db.schema
    .createTable(table)
    .addColumn("id", "varchar(26)", (c) => c.primaryKey())
    .addColumn("idempotency_key", "varchar(200)", (c) => c.notNull().unique())
    .addColumn("recipient", "varchar(320)", (c) => c.notNull())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("message", "text", (c) => c.notNull())
    .addColumn("status", "varchar(16)", (c) => c.notNull().defaultTo("queued"))
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "varchar(32)", (c) => c.notNull())
    .addColumn("lease_owner", "varchar(100)")
    .addColumn("lease_until", "varchar(32)")
    .addColumn("last_error", "text")
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .addColumn("sent_at", "varchar(32)")
    .execute();
  // The claim query's path: due rows by status and time.
  await db.schema.createIndex(`${table}_due_idx`).on(table).columns(["status", "next_attempt_at"]).execute();
  await db.schema.createIndex(`${table}_recipient_idx`).on(table).column("recipient").execute();
}

/** The matching `down`. */
export async function dropOutboxTable(db: AnyDb, table: string) {
  await db.schema.dropTable(checkTable(table)).ifExists().execute();
}

/** What a delivery handler queues: its key, its target and label, and its payload (stored as JSON). */
export interface OutboxItem {
  /** Names the event: a second item with the same key is ignored (1–200 characters). */
  key: string;
  /** Where it goes: a lower-cased address, a URL. Erasure and lookups go by it. */
  target: string;
  /** A short label for logs and exports. */
  label: string;
  payload: unknown;
}

/**
 * Queues items inside the caller's transaction, so they exist exactly when the change that caused them commits.
 * An item whose key is already queued is ignored (a retried request cannot queue twice); returns how many rows
 * this call inserted.
 *
 *   await writeTransaction(db, async (trx) => {
 *     await insertComment(trx, comment);
 *     await enqueueItems(trx, "comment_webhook_outbox", [{ key, target: url, label: "comment.created", payload }]);
 *   });
 */
export async function enqueueItems(trx: AnyDb, table: string, items: OutboxItem[], now: Date = new Date()) {
  if (items.length === 0) return 0;
  const at = now.toISOString();
  const values = items.map((item) => {
    if (!item.key || item.key.length > 200) throw new Error("an outbox key must be 1–200 characters");
    return {
      id: newId(now.getTime()),
      idempotency_key: item.key,
      recipient: item.target,
      subject: item.label,
      message: JSON.stringify(item.payload),
      status: "queued" as const,
      attempts: 0,
      next_attempt_at: at,
      created_at: at,
    };
  });
  // One item (a signup's confirmation, a comment's notification): its insert compiled once per table.
  if (values.length === 1) return insertOne(table)(trx, values[0]);
  const result = await trx
    .insertInto(checkTable(table))
    .values(values)
    .onConflict((oc) => oc.column("idempotency_key").doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

type OutboxInsert = (
  db: AnyDb,
  row: Omit<Selectable<OutboxTable>, "lease_owner" | "lease_until" | "last_error" | "sent_at">,
) => Promise<number>;
const inserts = new Map<string, OutboxInsert>();
function insertOne(table: string): OutboxInsert {
  let insert = inserts.get(table);
  if (!insert) {
    insert = preparedWrite((db: AnyDb, row: Parameters<OutboxInsert>[1]) =>
      db
        .insertInto(checkTable(table))
        .values(row)
        .onConflict((oc) => oc.column("idempotency_key").doNothing()),
    );
    inserts.set(table, insert);
  }
  return insert;
}

/** The items queued for a target (lower-cased), oldest first, without their payloads: a reader's data export. */
export async function itemsFor(db: AnyDb, table: string, target: string) {
  return db
    .selectFrom(checkTable(table))
    .select(["subject", "status", "created_at", "sent_at"])
    .where("recipient", "=", target)
    .orderBy("created_at")
    .execute();
}

/** Replaces an item's stored payload (e.g. with what may be kept once it was delivered). */
export async function replacePayload(db: AnyDb, table: string, id: string, payload: unknown) {
  await db
    .updateTable(checkTable(table))
    .set({ message: JSON.stringify(payload) })
    .where("id", "=", id)
    .execute();
}

/**
 * The insert `enqueueItems` runs, adding no row: where one request queues an email and another, that must not tell
 * them apart by its timing, mails nothing (a signup for an address already subscribed), the second runs this.
 */
export async function enqueueNone(trx: AnyDb, table: string) {
  const name = checkTable(table);
  const columns = ["id", "idempotency_key", "recipient", "subject", "message", "status", "attempts"] as const;
  await trx
    .insertInto(name)
    .columns([...columns])
    .expression((eb) =>
      eb
        .selectFrom(name)
        .select([...columns])
        .where(sql<boolean>`1 = 0`),
    )
    .execute();
}

/** The items still waiting to be sent (queued, or claimed by a sender whose lease ran out), oldest id first. */
export async function waitingItems(db: AnyDb, table: string, now: Date) {
  const at = now.toISOString();
  return (await db
    .selectFrom(checkTable(table))
    .select(["id", "idempotency_key", "recipient", "subject", "message"])
    .where((eb) =>
      eb.or([eb("status", "=", "queued"), eb.and([eb("status", "=", "sending"), eb("lease_until", "<", at)])]),
    )
    .orderBy("id")
    .execute()) as { id: string; idempotency_key: string; recipient: string; subject: string; message: string }[];
}

/** Sends a waiting item to another target with its payload for it, due at `now` (its waits were for the old one). */
export async function redirectItem(db: AnyDb, table: string, id: string, target: string, payload: unknown, now: Date) {
  await db
    .updateTable(checkTable(table))
    .set({ recipient: target, message: JSON.stringify(payload), next_attempt_at: now.toISOString() })
    .where("id", "=", id)
    .execute();
}

/** Gives up a waiting item that no sender holds: dead, with the reason as its last error. */
export async function giveUpItem(db: AnyDb, table: string, id: string, reason: string) {
  await db
    .updateTable(checkTable(table))
    .set({ status: "dead", last_error: reason, lease_owner: null, lease_until: null })
    .where("id", "=", id)
    .execute();
}
