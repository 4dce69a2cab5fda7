import { CompiledQuery, type Kysely, SqliteAdapter, sql } from "kysely";
import { writeTransaction } from "./transaction.ts";

export interface WriteBatcherOptions {
  /**
   * true: concurrent writes share one transaction (group commit). Default: on SQLite only. On PostgreSQL each
   * write keeps its own transaction: the pool already commits several at once, the server shares their WAL
   * flushes, and one long shared transaction would hold row locks that another instance's batch may wait for.
   */
  batch?: boolean;
  /** Most writes in one transaction (default 256), so one commit never waits on an unbounded queue. */
  maxBatch?: number;
}

export interface WriteBatcher<DB> {
  /**
   * Runs `fn` like writeTransaction does, and resolves with its result once the transaction holding it has
   * committed. `fn` must use only the `trx` it is given.
   */
  run<T>(fn: (trx: Kysely<DB>) => Promise<T>): Promise<T>;
}

interface Pending<DB> {
  fn: (trx: Kysely<DB>) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit: the write functions of requests that arrive together run one after another in ONE transaction,
 * each under its own SAVEPOINT, and the transaction commits once. With `synchronous = FULL` a commit costs an
 * fsync, so a batch of 100 writes costs one instead of a hundred, and each caller still hears back only after
 * its rows are on disk.
 *
 * One caller's failure rolls back its savepoint only: its promise rejects with its own error, the others commit.
 * A failure of the transaction itself (BEGIN, COMMIT, or SQLite rolling everything back on a full disk) rejects
 * every caller of the batch with that error, so a busy, full or read-only store is still answered with a 503.
 *
 *   const writes = createWriteBatcher(db);
 *   await writes.run(async (trx) => insertComment(trx, row));
 */
export function createWriteBatcher<DB>(db: Kysely<DB>, options: WriteBatcherOptions = {}): WriteBatcher<DB> {
  const isSqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  const batching = options.batch ?? isSqlite;
  const maxBatch = Math.max(1, options.maxBatch ?? 256);
  const begin = isSqlite ? "BEGIN IMMEDIATE" : "BEGIN";
  let queue: Pending<DB>[] = [];
  let draining = false;

  async function commitBatch(batch: Pending<DB>[]) {
    const outcomes: ({ ok: true; value: unknown } | { ok: false; err: unknown })[] = [];
    try {
      await db.connection().execute(async (conn) => {
        await conn.executeQuery(statement(begin));
        try {
          for (const [i, item] of batch.entries()) {
            await conn.executeQuery(statement(`SAVEPOINT w${i}`));
            try {
              const value = await item.fn(conn);
              await conn.executeQuery(statement(`RELEASE w${i}`));
              outcomes.push({ ok: true, value });
            } catch (err) {
              // If the savepoint is gone, so is the transaction (SQLite rolls back by itself on some errors):
              // then this error ends the whole batch.
              await sql
                .raw(`ROLLBACK TO w${i}`)
                .execute(conn)
                .catch(() => {
                  throw err;
                });
              await sql.raw(`RELEASE w${i}`).execute(conn);
              outcomes.push({ ok: false, err });
            }
          }
          await conn.executeQuery(statement("COMMIT"));
        } catch (err) {
          await sql
            .raw("ROLLBACK")
            .execute(conn)
            .catch(() => {});
          throw err;
        }
      });
    } catch (err) {
      for (const item of batch) item.reject(err);
      return;
    }
    for (const [i, item] of batch.entries()) {
      const outcome = outcomes[i];
      if (outcome.ok) item.resolve(outcome.value);
      else item.reject(outcome.err);
    }
  }

  async function drain() {
    while (queue.length > 0) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      await commitBatch(batch);
    }
    draining = false;
  }

  return {
    run<T>(fn: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
      if (!batching) return writeTransaction(db, fn);
      return new Promise<T>((resolve, reject) => {
        queue.push({ fn, resolve: resolve as (value: unknown) => void, reject });
        if (!draining) {
          draining = true;
          // The first write waits one turn of the event loop, so requests already read join its batch.
          setImmediate(() => void drain());
        }
      });
    },
  };
}

// The batch's own statements, compiled once: building and compiling a raw query for each of them was a
// visible part of a batch's time (two per write).
const compiled = new Map<string, CompiledQuery>();
function statement(text: string): CompiledQuery {
  let query = compiled.get(text);
  if (!query) {
    query = CompiledQuery.raw(text);
    compiled.set(text, query);
  }
  return query;
}

const batchers = new WeakMap<object, WriteBatcher<unknown>>();

/**
 * writeTransaction with group commit: the same call shape, one batcher per database handle.
 *
 *   await groupCommit(db, async (trx) => { await insertComment(trx, row); });
 */
export function groupCommit<DB, T>(db: Kysely<DB>, fn: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  let batcher = batchers.get(db) as WriteBatcher<DB> | undefined;
  if (!batcher) {
    batcher = createWriteBatcher(db);
    batchers.set(db, batcher as WriteBatcher<unknown>);
  }
  return batcher.run(fn);
}
