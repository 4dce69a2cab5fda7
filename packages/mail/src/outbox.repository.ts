import { createPooledRandom } from "@parlor/kit";
import type { Selectable } from "kysely";
import { monotonicFactory } from "ulid";
import type { AnyDb } from "./db.ts";
import { type OutboxMessage, validateMessage } from "./message.ts";

// Monotonic within a millisecond, so rows queued in one burst keep their order.
const newId = monotonicFactory(createPooledRandom());

export type OutboxStatus = "queued" | "sending" | "sent" | "dead";

/** One outbox table; a service adds it to its database type: `comment_outbox: OutboxTable`. */
export interface OutboxTable {
  id: string; // a ULID: sorts by creation, names the .eml file
  idempotency_key: string;
  recipient: string; // lower-cased, for erasure and lookups; the message keeps the address as given
  subject: string;
  message: string; // JSON of OutboxMessage
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
function checkTable(table: string): string {
  if (!/^[a-z_][a-z0-9_]{0,40}$/.test(table)) throw new Error(`invalid outbox table name: ${table}`);
  return table;
}

/**
 * Creates an outbox table; call it from a service migration. Only varchar/text/integer and ISO-8601 text
 * timestamps, so the same migration runs on SQLite and PostgreSQL.
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

/**
 * Queues a message inside the caller's transaction, so the email exists exactly when the change that caused
 * it commits. A second call with the same key is ignored (a retried request cannot queue twice); returns
 * whether this call inserted the row.
 *
 *   await db.transaction().execute(async (trx) => {
 *     await insertComment(trx, comment);
 *     await enqueue(trx, "comment_outbox", { to, subject, ...renderEmail(content) }, `held:${comment.id}`);
 *   });
 */
export async function enqueue(
  trx: AnyDb,
  table: string,
  message: OutboxMessage,
  idempotencyKey: string,
  now: Date = new Date(),
): Promise<boolean> {
  const valid = validateMessage(message);
  if (!idempotencyKey || idempotencyKey.length > 200) throw new Error("idempotencyKey must be 1–200 characters");
  const at = now.toISOString();
  const result = await trx
    .insertInto(checkTable(table))
    .values({
      id: newId(now.getTime()),
      idempotency_key: idempotencyKey,
      recipient: valid.to.toLowerCase(),
      subject: valid.subject,
      message: JSON.stringify(valid),
      status: "queued",
      attempts: 0,
      next_attempt_at: at,
      created_at: at,
    })
    .onConflict((oc) => oc.column("idempotency_key").doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** `<table>-<id>`: the .eml file's name and the Message-ID's left part, the same on every attempt. */
export function messageRef(table: string, id: string): string {
  return `${table}-${id}`;
}
