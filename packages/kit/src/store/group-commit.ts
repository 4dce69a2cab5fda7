import { CompiledQuery, type Kysely, SqliteAdapter } from "kysely";
import { type DirectSqlite, directSqlite, lendDirectSqlite } from "./database.ts";
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
  /** How the WAL file is flushed to the disk after a batch commits (default: fdatasync, off the event loop). */
  syncWal?: (file: string) => Promise<void>;
}

export interface WriteBatcher<DB> {
  /**
   * Runs `fn` like writeTransaction does, and resolves with its result once the transaction holding it has
   * committed and is on disk. `fn` must use only the `trx` it is given.
   */
  run<T>(fn: (trx: Kysely<DB>) => Promise<T>): Promise<T>;
}

interface Pending<DB> {
  fn: (trx: Kysely<DB>) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; err: unknown };

/**
 * Group commit: the write functions of requests that arrive together run one after another in ONE transaction,
 * each under its own SAVEPOINT, and the transaction commits once. With `synchronous = FULL` a commit costs an
 * fsync, so a batch of 100 writes costs one instead of a hundred, and each caller still hears back only after
 * its rows are on disk.
 *
 * On a SQLite file in WAL mode (what openDatabase opens) the fsync does not stop the process: the batch commits
 * with `synchronous = NORMAL` (its frames written to the WAL, not yet flushed), the WAL file is then flushed with
 * fdatasync on libuv's thread pool, and only then does any caller of the batch hear back. That is what FULL does
 * at each commit (sync the WAL), done off the event loop: meanwhile the process reads, renders and checks the next
 * requests, which queue for the next batch. A batch starts when the last one is on disk (the disk is idle), with
 * every write queued by then, up to `maxBatch`: the slower the disk, the larger the batches. A killed process loses
 * nothing acknowledged; a power cut loses only writes not yet answered. Rows committed but not yet flushed are
 * visible to reads for that moment, as they are on PostgreSQL between its commit and its answer.
 *
 * One caller's failure rolls back its savepoint only: its promise rejects with its own error, the others commit.
 * A failure of the transaction itself (BEGIN, COMMIT, the WAL's flush, or SQLite rolling everything back on a full
 * disk) rejects every caller of the batch with that error, so a busy, full or read-only store is still answered
 * with a 503.
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
  // Found at the first batch (the store's modes are set when it opens): null where the WAL cannot be flushed apart.
  let wal: WalFlush | null | undefined;

  // Through kysely: a SQLite store not opened by openDatabase, or not in WAL mode with synchronous FULL.
  async function commitThroughKysely(batch: Pending<DB>[]): Promise<Outcome[]> {
    const outcomes: Outcome[] = [];
    await db.connection().execute(async (conn) => {
      await conn.executeQuery(statement(begin));
      try {
        for (const item of batch) {
          await conn.executeQuery(statement("SAVEPOINT w"));
          try {
            const value = await item.fn(conn);
            await conn.executeQuery(statement("RELEASE w"));
            outcomes.push({ ok: true, value });
          } catch (err) {
            // If the savepoint is gone, so is the transaction (SQLite rolls back by itself on some errors):
            // then this error ends the whole batch.
            await conn.executeQuery(statement("ROLLBACK TO w")).catch(() => {
              throw err;
            });
            await conn.executeQuery(statement("RELEASE w"));
            outcomes.push({ ok: false, err });
          }
        }
        await conn.executeQuery(statement("COMMIT"));
      } catch (err) {
        await conn.executeQuery(statement("ROLLBACK")).catch(() => {});
        throw err;
      }
    });
    return outcomes;
  }

  // Straight on the SQLite handle, which this batch holds (kysely's connection, taken for it): the batch's own
  // statements cost no trip through kysely, and the commit does not wait for the disk (flushed after, apart).
  async function commitOnHandle(batch: Pending<DB>[], flush: WalFlush): Promise<Outcome[]> {
    const { direct } = flush;
    const run = (text: string) => direct.prepare(text).run();
    const outcomes: Outcome[] = [];
    await db.connection().execute(async (conn) => {
      lendDirectSqlite(conn, direct);
      // The level cannot change inside a transaction, and nothing else may run on the connection while it is
      // relaxed: it is relaxed and the transaction begun in one turn, and restored in the turn of the commit.
      run(flush.relax);
      try {
        run(begin);
      } catch (err) {
        run(flush.restore);
        throw err;
      }
      try {
        for (const item of batch) {
          run("SAVEPOINT w");
          try {
            const value = await item.fn(conn);
            run("RELEASE w");
            outcomes.push({ ok: true, value });
          } catch (err) {
            try {
              run("ROLLBACK TO w");
            } catch {
              throw err; // the savepoint is gone, and the transaction with it
            }
            run("RELEASE w");
            outcomes.push({ ok: false, err });
          }
        }
        run("COMMIT");
      } catch (err) {
        try {
          if (direct.handle.inTransaction) run("ROLLBACK");
        } catch {}
        throw err;
      } finally {
        if (!direct.handle.inTransaction) run(flush.restore);
      }
    });
    await flush.sync();
    return outcomes;
  }

  async function commitBatch(batch: Pending<DB>[]) {
    let outcomes: Outcome[];
    try {
      if (wal === undefined) wal = isSqlite ? walFlushOf(db, options.syncWal) : null;
      outcomes = wal ? await commitOnHandle(batch, wal) : await commitThroughKysely(batch);
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

interface WalFlush {
  direct: DirectSqlite;
  /** The pragma that relaxes the commit, and the one that restores the store's own level. */
  relax: string;
  restore: string;
  /** Flushes the WAL file to the disk. */
  sync(): Promise<void>;
}

/** How a SQLite store's batches flush their WAL apart; null unless it is a file in WAL mode with FULL (or EXTRA). */
function walFlushOf(db: object, syncWal: ((file: string) => Promise<void>) | undefined): WalFlush | null {
  const direct = directSqlite(db);
  if (!direct?.flushWal || !direct.relaxedCommit) return null;
  const file = `${direct.handle.name}-wal`;
  const flushWal = direct.flushWal;
  return {
    direct,
    ...direct.relaxedCommit,
    sync: async () => {
      try {
        if (syncWal) await syncWal(file);
        else await flushWal();
      } catch (err) {
        // Answered as SQLite's own failed flush at a FULL commit would be: the store cannot take writes (503).
        throw Object.assign(new Error(`flushing ${file} failed: ${(err as Error).message}`, { cause: err }), {
          code: "SQLITE_IOERR_FSYNC",
        });
      }
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
