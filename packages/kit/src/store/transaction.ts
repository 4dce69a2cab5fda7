import { type Kysely, SqliteAdapter, sql } from "kysely";

/**
 * Runs `fn` in a write transaction and returns its result.
 *
 * Why not kysely's `transaction()`: on SQLite a deferred BEGIN fails at its first write without waiting for
 * busy_timeout when another connection holds the lock, so we say `BEGIN IMMEDIATE`; and when SQLite has already
 * rolled back by itself (disk full), kysely's ROLLBACK fails and its "no transaction is active" hides the real
 * cause. Here a failed ROLLBACK is ignored and the original error is thrown, so it can be answered with a 503.
 *
 *   await writeTransaction(db, async (trx) => { await trx.insertInto("comment").values(row).execute(); });
 */
export async function writeTransaction<DB, T>(db: Kysely<DB>, fn: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  const begin = db.getExecutor().adapter instanceof SqliteAdapter ? "BEGIN IMMEDIATE" : "BEGIN";
  return db.connection().execute(async (conn) => {
    await sql.raw(begin).execute(conn);
    try {
      const result = await fn(conn);
      await sql.raw("COMMIT").execute(conn);
      return result;
    } catch (err) {
      await sql
        .raw("ROLLBACK")
        .execute(conn)
        .catch(() => {});
      throw err;
    }
  });
}
