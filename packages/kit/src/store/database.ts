import { accessSync, closeSync, constants, fdatasync, mkdirSync, openSync, readSync } from "node:fs";
import { dirname } from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, type Migration, Migrator, PostgresAdapter, PostgresDialect, SqliteDialect, sql } from "kysely";
import pg from "pg";
import { holdStore, StoreBeingRestored, type StoreHold } from "./store-lock.ts";

export type Engine = "sqlite" | "postgres";

export interface Database<DB> {
  db: Kysely<DB>;
  engine: Engine;
  /** The raw SQLite handle (null on PostgreSQL), for backups and pragmas. */
  sqlite: SQLite.Database | null;
  /** The pg pool (null on SQLite), for stores that share it (rate limits). */
  pool: pg.Pool | null;
  /** SQLite file: this process's hold on it against a restore (see store-lock.ts); released by `db.destroy()`. */
  hold: StoreHold | null;
}

export interface OpenOptions {
  /** Milliseconds a writer waits for another connection's lock before SQLITE_BUSY (then 503). */
  busyTimeoutMs?: number;
  poolSize?: number;
  /** PostgreSQL only: the schema every connection works in (tests give each file its own). */
  schema?: string;
  /** SQLite file: the service this process is, as a refused restore names it. */
  holder?: string;
}

/**
 * Opens `file:/path/x.db` (or `file::memory:`) with SQLite, or `postgres://…` with a pg pool.
 *
 *   const { db } = openDatabase<CommentsDb>("file:./data/comments.db");
 */
export function openDatabase<DB>(url: string, options: OpenOptions = {}): Database<DB> {
  if (/^postgres(ql)?:\/\//.test(url)) {
    if (options.schema && !/^[a-z_][a-z0-9_]{0,62}$/.test(options.schema)) throw new Error("bad schema name");
    const pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize ?? 10,
      ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
    });
    return {
      db: new Kysely<DB>({ dialect: new PostgresDialect({ pool }) }),
      engine: "postgres",
      sqlite: null,
      pool,
      hold: null,
    };
  }
  const file = url.replace(/^file:/, "");
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  let hold: StoreHold | null = null;
  if (file !== ":memory:") {
    mkdirSync(dirname(file), { recursive: true });
    hold = holdAgainstRestore(file, options.holder, busyTimeoutMs);
  }
  let sqlite: SQLite.Database;
  try {
    sqlite = reopeningWhenWritable(file, (db) => applyPragmas(db, busyTimeoutMs));
  } catch (e) {
    hold?.release();
    throw e;
  }
  const cached = withStatementCache(sqlite);
  const walIndex = file === ":memory:" ? null : walIndexHeader(file, sqlite);
  // The WAL file, opened at group commit's first flush (flushWal) and closed with the store, never under a flush in
  // flight (its number could otherwise be reused by another file meanwhile). SQLite deletes the WAL file only when
  // the last connection closes, so while this one is open the descriptor names the live file.
  let wal: number | null = null;
  let flushing = 0;
  let closed = false;
  const closeWal = () => {
    if (wal === null || flushing > 0) return;
    closeSync(wal);
    wal = null;
  };
  const database = {
    ...cached,
    close: () => {
      try {
        walIndex?.close();
        cached.close();
      } finally {
        closed = true;
        closeWal();
        hold?.release();
      }
    },
  };
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database }) });
  const flushWal = () =>
    new Promise<void>((resolve, reject) => {
      try {
        if (wal === null && closed) throw new Error("the store is closed");
        wal ??= openSync(`${file}-wal`, "r");
      } catch (err) {
        reject(err);
        return;
      }
      flushing++;
      fdatasync(wal, (err) => {
        flushing--;
        if (closed) closeWal();
        if (err) reject(err);
        else resolve();
      });
    });
  directHandles.set(db, {
    prepare: cached.prepare,
    handle: sqlite,
    walIndex: walIndex?.read ?? null,
    relaxedCommit: relaxedCommitOf(sqlite),
    ...(file === ":memory:" ? {} : { flushWal }),
  });
  return {
    db,
    engine: "sqlite",
    sqlite,
    pool: null,
    hold,
  };
}

/** A SQLite store's handle and statement cache, for statements run without kysely's connection queue. */
export interface DirectSqlite {
  prepare(text: string): SQLite.Statement;
  /** better-sqlite3's own flags: true while a transaction is open on the connection; the file it opened. */
  handle: { readonly inTransaction: boolean; readonly name: string };
  /** The WAL-index header as it is now (walIndexHeader), or null. */
  walIndex: (() => string | null) | null;
  /**
   * The pragma that lets a commit skip its wait for the disk, and the one that restores the store's level; null
   * unless the store is in WAL mode with FULL or EXTRA (with a rollback journal, NORMAL could leave the file corrupt
   * after a power cut). Relax and restore in the same synchronous turn, so no other write runs relaxed.
   */
  relaxedCommit: { relax: string; restore: string } | null;
  /** Flushes the store's WAL file to the disk (fdatasync on libuv's thread pool); absent in memory. */
  flushWal?: () => Promise<void>;
  /**
   * True for the connection of a write that holds it (a group-commit batch): its statements run on the handle even
   * inside the transaction, which is its own, with nothing else queued on the connection meanwhile.
   */
  holder?: boolean;
}
const directHandles = new WeakMap<object, DirectSqlite>();

/**
 * Lends `direct` to `conn`, the kysely connection a write holds (`db.connection().execute`), so the write's
 * prepared statements run straight on the handle inside its own transaction (prepared.ts), as kysely would run them.
 */
export function lendDirectSqlite(conn: object, direct: DirectSqlite) {
  directHandles.set(conn, { ...direct, holder: true });
}

/**
 * The handle under a SQLite store that openDatabase opened (the store itself, not a transaction, a plugin's copy or a
 * PostgreSQL store: those get undefined). A statement run on it while no transaction is open on the connection sees
 * exactly what a query through kysely would, without waiting in kysely's queue: SQLite runs it at once either way.
 * While a transaction is open (group commit between two of its writes), such a statement would see that
 * transaction's uncommitted rows: go through kysely then, which waits for the commit.
 */
export function directSqlite(db: object): DirectSqlite | undefined {
  return directHandles.get(db);
}

const STAMP = "select total_changes() as changes, data_version as version from pragma_data_version";

/**
 * A SQLite store's change stamp: it differs from one taken earlier whenever anything may have been committed to the
 * store since, by this connection or by any other, in this process or another (a CLI import, an operator's sqlite3
 * shell). An answer built from the store can be kept with the stamp it was built under and served again while the
 * stamp holds. null on PostgreSQL (other instances write without a trace here), and while a transaction is open on
 * the connection (its rows are not committed yet): read the store then.
 *
 * It is the WAL-index header (walIndexHeader: one read of 96 bytes, no lock, no statement), or where that cannot be
 * read, `total_changes()` with `PRAGMA data_version` (one tiny statement, which takes the store's read locks).
 *
 *   const stamp = changeStamp(db);             // take it first, then read what the answer is built from
 *   if (stamp !== null && kept?.stamp === stamp) return kept.answer;
 */
export function changeStamp(db: object): string | null {
  const direct = directHandles.get(db);
  if (!direct || direct.handle.inTransaction) return null;
  const header = direct.walIndex?.();
  if (header) return header;
  const row = direct.prepare(STAMP).get() as { changes: number; version: number };
  return `${row.version}.${row.changes}`;
}

// The store's modes are set when it opens (applyPragmas), so they are read once, here.
function relaxedCommitOf(sqlite: SQLite.Database): DirectSqlite["relaxedCommit"] {
  const wal = sqlite.pragma("journal_mode", { simple: true }) === "wal";
  const level = Number(sqlite.pragma("synchronous", { simple: true }));
  return wal && level >= 2 ? { relax: "pragma synchronous = normal", restore: `pragma synchronous = ${level}` } : null;
}

/**
 * The header of a WAL-mode store's WAL-index (its `-shm` file: https://www.sqlite.org/walformat.html), read as
 * SQLite's own readers read it: every connection that commits, in any process, rewrites it (a change counter, the
 * last frame, salts and checksums), so while it reads the same nothing was committed. SQLite writes its two copies
 * one after the other: copies that differ are a commit under way, and give null, as does a header not yet
 * initialised or a file that cannot be read (not WAL, no `-shm` yet): the caller then asks SQLite. The file is the
 * one SQLite maps into memory, and a read sees what its mapping holds (one page cache). While this process keeps
 * its connection open, SQLite never removes the file.
 */
function walIndexHeader(file: string, sqlite: SQLite.Database) {
  let fd: number | null = null; // -1: not in WAL mode, never read
  const buf = Buffer.alloc(96);
  return {
    read(): string | null {
      if (fd === null) {
        if (sqlite.pragma("journal_mode", { simple: true }) !== "wal") fd = -1;
        else {
          try {
            fd = openSync(`${file}-shm`, "r");
          } catch {
            return null;
          }
        }
      }
      if (fd === -1) return null;
      try {
        if (readSync(fd, buf, 0, 96, 0) !== 96) return null;
      } catch {
        return null;
      }
      // isInit (byte 12), and the two copies equal
      if (buf[12] !== 1 || buf.compare(buf, 0, 48, 48, 96) !== 0) return null;
      return buf.toString("latin1", 0, 48);
    },
    close() {
      if (fd !== null && fd !== -1) closeSync(fd);
      fd = -1;
    },
  };
}

// Every process that opens the file holds it against a restore for as long as it has it open.
function holdAgainstRestore(file: string, service: string | undefined, busyTimeoutMs: number): StoreHold {
  try {
    return holdStore(file, { service, busyTimeoutMs });
  } catch (e) {
    if (e instanceof StoreBeingRestored) throw new StoreOpenError(e.message);
    throw new StoreOpenError(
      `cannot open ${file}.lock for writing (${(e as Error).message}): the database's folder must be writable by the service's user`,
    );
  }
}

/** The store could not be opened at start; the message is one line for the operator. */
export class StoreOpenError extends Error {}

/** Opens the store at a service's start; one it cannot open ends the start with one line, not a stack trace. */
export function openStoreOrExit<T>(service: string, open: () => T): T {
  try {
    return open();
  } catch (e) {
    if (!(e instanceof StoreOpenError)) throw e;
    console.error(`${service}: ${e.message}`);
    process.exit(1);
  }
}

/**
 * A SQLite handle that reopens its file once the file can be written again. SQLite opens a file it may not write
 * (restored with the wrong owner, a read-only volume) read-only, and that connection stays read-only for its life:
 * every write answers 503 until the process is restarted. Here, while the file is not writable, each statement
 * first checks (one access() call) whether it has become writable, and if so the connection is opened anew.
 */
function reopeningWhenWritable(file: string, setup: (db: SQLite.Database) => void): SQLite.Database {
  const open = () => {
    try {
      const db = new SQLite(file);
      setup(db);
      return db;
    } catch (e) {
      // A folder it may not write leaves SQLite no room for its -wal and -shm files: say so in one line.
      throw new StoreOpenError(
        `cannot open ${file} for writing (${(e as Error).message}): the database file and its folder must be writable by the service's user`,
      );
    }
  };
  // The WAL and shared-memory files too: a read-only connection creates them with the database file's mode.
  const writable = () =>
    file === ":memory:" ||
    [file, `${file}-wal`, `${file}-shm`].every((f) => {
      try {
        accessSync(f, constants.W_OK);
        return true;
      } catch (e) {
        return (e as NodeJS.ErrnoException).code === "ENOENT" && f !== file;
      }
    });
  let current = open();
  let readOnly = !writable();
  return new Proxy(current, {
    get(_, prop) {
      if (prop === "prepare" && readOnly && writable()) {
        readOnly = false;
        const stale = current;
        current = open();
        stale.close();
      }
      const value = Reflect.get(current, prop, current);
      return typeof value === "function" ? value.bind(current) : value;
    },
  });
}

/**
 * kysely prepares every query anew; preparing costs more than running a small indexed query (a thread's version
 * check: ~45 of ~60 µs). Statements are kept by their SQL text (the same query shape gives the same text) and
 * reused unless one is busy (an iteration in progress) or belongs to a connection since closed (a file that became
 * writable is reopened), up to `max` of them.
 */
function withStatementCache(sqlite: SQLite.Database, max = 500) {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      // Asked of the handle every time, cached or not: that is when reopeningWhenWritable swaps in a writable one.
      const prepare = sqlite.prepare;
      const cached = statements.get(text);
      if (cached && !cached.busy && cached.database.open) return cached;
      const statement = prepare(text);
      if (!cached?.database.open) {
        if (statements.size >= max) statements.delete(statements.keys().next().value as string);
        statements.set(text, statement);
      }
      return statement;
    },
  };
}

// One place for the pragmas: WAL so readers never wait for the writer, FULL sync because a lost comment is worse
// than a slower write, and a busy timeout so a CLI import or backup holding the lock briefly is waited for.
// Temporary storage in memory: a group-commit batch runs each write under a savepoint, and SQLite copies every page
// a savepoint's write changes into a statement journal first; past 64 KiB (two or three signups) that journal was a
// temporary file, written with a pwrite per page (about 30 per signup, most of the batch's system calls), and
// opened, unlinked and closed again for each batch. Nothing in it outlives the transaction.
function applyPragmas(sqlite: SQLite.Database, busyTimeoutMs: number) {
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("temp_store = MEMORY");
  sqlite.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
}

/**
 * Applies `migrations` (a static, ordered record) with bookkeeping tables named after the service
 * (`<name>_migration`, `<name>_migration_lock`), so two services can share one PostgreSQL database.
 */
export async function migrateToLatest(
  db: Kysely<unknown>,
  name: string,
  migrations: Record<string, Migration>,
): Promise<string[]> {
  // On PostgreSQL, name the schema: kysely otherwise looks for its bookkeeping tables in every schema, and one
  // found in another schema (another test, another tenant) would be taken for ours.
  const schema =
    db.getExecutor().adapter instanceof PostgresAdapter
      ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s
      : undefined;
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: `${name}_migration`,
    migrationLockTableName: `${name}_migration_lock`,
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}

const UNAVAILABLE = /^SQLITE_(BUSY|LOCKED|FULL|READONLY|IOERR|CANTOPEN|PROTOCOL|NOMEM)/;
const PG_UNAVAILABLE = /^(08|53|57P0[1-3])/; // connection exceptions, insufficient resources, shutdown

/** True for errors that mean "the store cannot take this now" (disk full, read-only, locked): answer 503. */
export function isStoreUnavailable(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  if (typeof code !== "string") return false;
  return UNAVAILABLE.test(code) || PG_UNAVAILABLE.test(code) || code === "ECONNREFUSED";
}

/** One trivial query: resolves while the store answers, throws otherwise (the health check's probe). */
// biome-ignore lint/suspicious/noExplicitAny: any service's store
export async function pingStore(db: Kysely<any>): Promise<void> {
  await sql`select 1`.execute(db);
}
