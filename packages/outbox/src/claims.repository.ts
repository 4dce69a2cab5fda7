import { directSqlite } from "@parlor/kit/store";
import { SqliteAdapter, sql } from "kysely";
import type { AnyDb, AnyExpressionBuilder } from "./db.ts";
import type { OutboxRow } from "./table.repository.ts";

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
  // Two candidate lists, each an ordered walk of the (status, next_attempt_at) index that stops at the limit:
  // one OR query ordered by (next_attempt_at, id) would read and sort every due row, and with a newsletter's
  // 100,000 queued rows each claim would cost as much as the whole send.
  let due = db
    .selectFrom(table)
    .select("id")
    .where("status", "=", "queued")
    .where("next_attempt_at", "<=", now)
    .orderBy("next_attempt_at")
    .limit(options.limit);
  let expired = db
    .selectFrom(table)
    .select("id")
    .where("status", "=", "sending")
    .where("lease_until", "<", now)
    .orderBy("next_attempt_at")
    .limit(options.limit);
  if (options.skipLocked) {
    due = due.forUpdate().skipLocked();
    expired = expired.forUpdate().skipLocked();
  }
  // Taken-over rows first (they waited longest), then due ones, `limit` in all.
  const candidates = db
    .selectFrom(expired.as("e"))
    .select("e.id")
    .unionAll(db.selectFrom(due.as("d")).select("d.id"))
    .limit(options.limit);
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

/**
 * markSent for many rows in one statement (one commit for a whole group of sends). Returns the ids it marked:
 * a row missing from it had lost its lease.
 *
 * The commit does not wait for the disk (SQLite: `synchronous = NORMAL` for this statement, in WAL mode;
 * PostgreSQL: `synchronous_commit = off` for this transaction). A killed process keeps it: it is in the WAL
 * the operating system holds. Only a power cut or an OS crash can undo the marks written since the last commit
 * that waited for the disk (the next claim, any other write), and those messages are then sent again: a
 * duplicate, never a lost email. It spares an fsync between every few sends, which had held an issue's send to
 * the disk's pace rather than the relay's.
 */
export async function markManySent(db: AnyDb, table: string, ids: string[], owner: string, now: Date) {
  if (ids.length === 0) return new Set<string>();
  const direct = directMarks(db, table);
  if (direct) return direct(ids, owner, now);
  const marked = await withoutWaitingForDisk(db, (conn) =>
    conn
      .updateTable(table)
      .set({ status: "sent", sent_at: now.toISOString(), lease_owner: null, lease_until: null, last_error: null })
      .where("id", "in", ids)
      .where("lease_owner", "=", owner)
      .where("status", "=", "sending")
      .returning("id")
      .execute(),
  );
  return new Set(marked.map((r) => r.id as string));
}

/**
 * markManySent on a SQLite store's own handle, while no transaction is open on it: the three statements (the
 * relaxed setting, the update, the setting back) run at once, synchronously, so no other write can run between
 * them, and the update is one statement prepared once whatever the number of ids (they go in as one JSON array).
 * Through kysely each group of marks cost three queries' compilation and its connection queue. `+status` keeps
 * SQLite from walking the due index's `sending` rows (a whole round's claim) for every group: not knowing how many
 * ids the JSON array holds, it preferred that index to the primary key, and a one-row mark cost 0.5 ms instead of
 * 0.06. Undefined on PostgreSQL and inside a transaction.
 */
function directMarks(db: AnyDb, table: string) {
  const direct = directSqlite(db);
  if (!direct || direct.handle.inTransaction) return undefined;
  const relaxed = direct.relaxedCommit;
  return (ids: string[], owner: string, now: Date): Set<string> => {
    const update = direct.prepare(
      `update "${table.replaceAll('"', '""')}" set status = 'sent', sent_at = ?, lease_owner = null, lease_until = null, last_error = null where id in (select value from json_each(?)) and lease_owner = ? and +status = 'sending' returning id`,
    );
    if (relaxed) direct.prepare(relaxed.relax).run();
    try {
      const rows = update.all(now.toISOString(), JSON.stringify(ids), owner) as { id: string }[];
      return new Set(rows.map((r) => r.id));
    } finally {
      if (relaxed) direct.prepare(relaxed.restore).run();
    }
  };
}

async function withoutWaitingForDisk<T>(db: AnyDb, write: (conn: AnyDb) => Promise<T>): Promise<T> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) {
    return db.transaction().execute(async (trx) => {
      await sql`set local synchronous_commit = off`.execute(trx);
      return write(trx);
    });
  }
  // One connection held for the three statements, so no other write runs under the relaxed setting. Only in
  // WAL mode: with a rollback journal, NORMAL could leave the file corrupt after a power cut. The store's modes are
  // set when it opens, so they are read once per store, not before every group of marks.
  return db.connection().execute(async (conn) => {
    let mode = diskModes.get(db);
    if (!mode) {
      const { rows } = await sql<{ synchronous: number }>`pragma synchronous`.execute(conn);
      mode = { synchronous: Number(rows[0]?.synchronous ?? 2), wal: await inWalMode(conn) };
      diskModes.set(db, mode);
    }
    if (mode.synchronous < 2 || !mode.wal) return write(conn);
    await sql`pragma synchronous = normal`.execute(conn);
    try {
      return await write(conn);
    } finally {
      await sql.raw(`pragma synchronous = ${mode.synchronous}`).execute(conn);
    }
  });
}

const diskModes = new WeakMap<AnyDb, { synchronous: number; wal: boolean }>();

/** renewLease for many rows in one statement. Returns the ids still ours. */
export async function renewLeases(db: AnyDb, table: string, ids: string[], owner: string, until: Date) {
  if (ids.length === 0) return new Set<string>();
  const renewed = await db
    .updateTable(table)
    .set({ lease_until: until.toISOString() })
    .where("id", "in", ids)
    .where("lease_owner", "=", owner)
    .where("status", "=", "sending")
    .returning("id")
    .execute();
  return new Set(renewed.map((r) => r.id as string));
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

/**
 * Puts dead rows back in the queue (the operator fixed what killed them: a relay's setting, a receiver's URL),
 * due at once with their attempts counted from zero and their retry horizon from now. `ids` limits it to those
 * rows. Returns how many rows it requeued.
 */
export async function requeueDead(db: AnyDb, table: string, now: Date, ids?: string[]): Promise<number> {
  if (ids?.length === 0) return 0;
  let query = db
    .updateTable(table)
    .set({ status: "queued", attempts: 0, next_attempt_at: now.toISOString(), created_at: now.toISOString() })
    .where("status", "=", "dead");
  if (ids) query = query.where("id", "in", ids);
  return Number((await query.executeTakeFirst()).numUpdatedRows);
}

async function inWalMode(conn: AnyDb): Promise<boolean> {
  const { rows } = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(conn);
  return rows[0]?.journal_mode?.toLowerCase() === "wal";
}
