import { sql } from "kysely";
import type { AnyDb, AnyExpressionBuilder } from "./db.ts";
import type { OutboxRow } from "./outbox.repository.ts";

// Due: queued and its time has come, or claimed by a worker whose lease ran out (it died or hung).
function isClaimable(now: string) {
  return (eb: AnyExpressionBuilder) =>
    eb.or([
      eb.and([eb("status", "=", "queued"), eb("next_attempt_at", "<=", now)]),
      eb.and([eb("status", "=", "sending"), eb("lease_until", "<", now)]),
    ]);
}

/**
 * Claims up to `limit` due rows for `owner` in one UPDATE, so two workers never hold the same row: on SQLite
 * the statement runs under the write lock; on PostgreSQL a row the other claim took first no longer matches
 * the outer WHERE when it is re-checked. `skipLocked` (PostgreSQL only) makes concurrent claims pass each
 * other's rows instead of waiting for them. Counts the attempt now, so a message that kills its worker
 * still reaches the retry horizon.
 */
export async function claimBatch(
  db: AnyDb,
  table: string,
  options: { owner: string; now: Date; leaseMs: number; limit: number; skipLocked?: boolean },
): Promise<OutboxRow[]> {
  const now = options.now.toISOString();
  let candidates = db
    .selectFrom(table)
    .select("id")
    .where(isClaimable(now))
    .orderBy("next_attempt_at")
    .orderBy("id")
    .limit(options.limit);
  if (options.skipLocked) candidates = candidates.forUpdate().skipLocked();
  const rows = (await db
    .updateTable(table)
    .set({
      status: "sending",
      lease_owner: options.owner,
      lease_until: new Date(options.now.getTime() + options.leaseMs).toISOString(),
      attempts: sql`attempts + 1`,
    })
    .where("id", "in", candidates)
    .where(isClaimable(now))
    .returningAll()
    .execute()) as OutboxRow[];
  return rows.sort((a, b) => a.next_attempt_at.localeCompare(b.next_attempt_at) || a.id.localeCompare(b.id));
}

// Every outcome is written only while we still hold the lease: a worker that lost it (it hung past the
// lease and another took over) must not overwrite the new owner's state. Each returns whether it did.
function ours(db: AnyDb, table: string, id: string, owner: string) {
  return db.updateTable(table).where("id", "=", id).where("lease_owner", "=", owner).where("status", "=", "sending");
}

async function applied(query: { executeTakeFirst(): Promise<{ numUpdatedRows: bigint }> }) {
  return (await query.executeTakeFirst()).numUpdatedRows > 0n;
}

export function markSent(db: AnyDb, table: string, id: string, owner: string, now: Date) {
  return applied(
    ours(db, table, id, owner).set({
      status: "sent",
      sent_at: now.toISOString(),
      lease_owner: null,
      lease_until: null,
      last_error: null,
    }),
  );
}

export function markRetry(db: AnyDb, table: string, id: string, owner: string, at: Date, error: string) {
  return applied(
    ours(db, table, id, owner).set({
      status: "queued",
      next_attempt_at: at.toISOString(),
      lease_owner: null,
      lease_until: null,
      last_error: error,
    }),
  );
}

export function markDead(db: AnyDb, table: string, id: string, owner: string, error: string) {
  return applied(
    ours(db, table, id, owner).set({ status: "dead", lease_owner: null, lease_until: null, last_error: error }),
  );
}

/**
 * Renews our lease on one row just before its send starts, so a slow relay working through a large batch never
 * lets a lease run out under a message that is on its way. False when the lease was lost (another worker took it).
 */
export function renewLease(db: AnyDb, table: string, id: string, owner: string, until: Date) {
  return applied(ours(db, table, id, owner).set({ lease_until: until.toISOString() }));
}

/** Hands a claimed row back untouched (stop() before its send began): due at once, the attempt not counted. */
export function releaseLease(db: AnyDb, table: string, id: string, owner: string) {
  return applied(
    ours(db, table, id, owner).set({
      status: "queued",
      lease_owner: null,
      lease_until: null,
      attempts: sql`case when attempts > 0 then attempts - 1 else 0 end`,
    }),
  );
}

/** When the oldest message still waiting (queued or being sent) was queued, or null if none is. */
export async function oldestWaitingSince(db: AnyDb, table: string): Promise<Date | null> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.min("created_at").as("oldest"))
    .where("status", "in", ["queued", "sending"])
    .executeTakeFirst();
  return row?.oldest ? new Date(row.oldest as string) : null;
}
