import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import SQLite from "better-sqlite3";

// A SQLite store's lock, so that `restore` never swaps the file under a process that has it open (that process
// would go on writing into the renamed file, and its acknowledged writes would be lost).
//
// The lock is `<file>.lock`, a tiny SQLite database used only for SQLite's own file locking (POSIX advisory locks,
// which the kernel drops when the process ends, even on kill -9: no stale lock is ever left). Every process that
// opens the store holds a SHARED lock on it for as long as the store is open (a read transaction kept open), so a
// service and a CLI import may run side by side; `restore` takes the EXCLUSIVE lock, which SQLite grants only
// when no SHARED lock is held, and holds it while it replaces the file, so a service starting meanwhile waits.
// No new native addon is needed: better-sqlite3 is already the store's driver.
//
// Who holds the lock is written beside it (`<file>.lock.d/<pid>.json`: pid, service, port, command), only so the
// refusal can name the running service; the lock itself is the kernel's, and a note whose process is gone is ignored.

/** Who has a store open, as the refusal names it. */
export interface StoreHolder {
  pid: number;
  service?: string;
  port?: number;
  command?: string;
  since?: string;
}

export interface StoreHold {
  /** Adds what the refusal should say about this process (the port once it is bound). */
  describe(info: Pick<StoreHolder, "service" | "port">): void;
  /** Drops this hold; the lock is released once every hold of this process on the file is. */
  release(): void;
}

/** A restore is replacing the store: a process that would open it now waited its busy timeout and gave up. */
export class StoreBeingRestored extends Error {}

/** A process has the store open: restore refuses, naming it. */
export class StoreInUse extends Error {
  constructor(
    readonly file: string,
    readonly holders: StoreHolder[],
  ) {
    const named = holders.length > 0 ? holders.map(describeHolder).join("; ") : "another process (it left no note)";
    super(`${file} is open in ${named}: stop it first, then restore again`);
  }
}

export const lockFileOf = (file: string) => `${file}.lock`;
const notesOf = (file: string) => `${file}.lock.d`;

// One lock connection per file in this process, shared by every hold (a test or a CLI may open the store twice):
// closing a second connection to the file would not drop the first one's lock, but one note per pid must stay
// while any hold does.
const held = new Map<string, { conn: SQLite.Database; holds: number; note: StoreHolder }>();

/**
 * Holds `file` open against a restore until `release()`: a SHARED lock on `<file>.lock`. Waits up to
 * `busyTimeoutMs` while a restore holds it, then throws StoreBeingRestored.
 *
 *   const hold = holdStore("/var/lib/parlor/comments.db", { service: "comments" });
 *   hold.describe({ port: 3001 });
 */
export function holdStore(given: string, options: { service?: string; busyTimeoutMs?: number } = {}): StoreHold {
  const file = resolve(given); // one entry per file, however it was named
  let entry = held.get(file);
  if (!entry) {
    const conn = new SQLite(lockFileOf(file));
    try {
      conn.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
      conn.exec("BEGIN");
      conn.prepare("SELECT count(*) FROM sqlite_master").get();
    } catch (e) {
      conn.close();
      if ((e as { code?: string }).code === "SQLITE_BUSY") {
        throw new StoreBeingRestored(`${file} is being restored from a backup; start again once the restore is done`);
      }
      throw e;
    }
    const note: StoreHolder = {
      pid: process.pid,
      command: commandLine(),
      since: new Date().toISOString(),
    };
    entry = { conn, holds: 0, note };
    held.set(file, entry);
  }
  const current = entry;
  current.holds++;
  if (options.service) current.note.service = options.service;
  writeNote(file, current.note);
  let released = false;
  return {
    describe(info) {
      Object.assign(current.note, info);
      writeNote(file, current.note);
    },
    release() {
      if (released) return;
      released = true;
      if (--current.holds > 0) return;
      held.delete(file);
      rmSync(join(notesOf(file), `${process.pid}.json`), { force: true });
      current.conn.close(); // ends the read transaction: the SHARED lock goes with it
    },
  };
}

/**
 * Runs `fn` holding `file`'s EXCLUSIVE lock: nothing else has the store open meanwhile, and nothing can open it.
 * Throws StoreInUse, naming the holders, when any process has it open (no waiting: the operator must stop it).
 */
export async function withStoreExclusive<T>(file: string, fn: () => Promise<T>): Promise<T> {
  const conn = new SQLite(lockFileOf(file));
  try {
    conn.pragma("busy_timeout = 0");
    try {
      conn.exec("BEGIN EXCLUSIVE");
    } catch (e) {
      if ((e as { code?: string }).code === "SQLITE_BUSY") throw new StoreInUse(file, readHolders(file));
      throw e;
    }
    // Alone now: the notes left by processes that were killed are stale.
    rmSync(notesOf(file), { recursive: true, force: true });
    try {
      return await fn();
    } finally {
      conn.exec("COMMIT");
    }
  } finally {
    conn.close();
  }
}

/** The notes of the processes that have `file` open and are still running. */
export function readHolders(file: string): StoreHolder[] {
  const dir = notesOf(file);
  if (!existsSync(dir)) return [];
  const holders: StoreHolder[] = [];
  for (const name of readdirSync(dir)) {
    try {
      const note = JSON.parse(readFileSync(join(dir, name), "utf8")) as StoreHolder;
      if (Number.isInteger(note.pid) && isRunning(note.pid)) holders.push(note);
    } catch {
      // a note being written or removed right now: skip it
    }
  }
  return holders;
}

function describeHolder(h: StoreHolder): string {
  const details = [`pid ${h.pid}`, ...(h.port ? [`port ${h.port}`] : []), ...(h.since ? [`since ${h.since}`] : [])];
  const who = h.service ? `the ${h.service} service` : (h.command ?? "a process");
  return `${who} (${details.join(", ")})`;
}

function writeNote(file: string, note: StoreHolder) {
  try {
    mkdirSync(notesOf(file), { recursive: true });
    writeFileSync(join(notesOf(file), `${note.pid}.json`), JSON.stringify(note));
  } catch {
    // The note only names the process in a refusal; the lock holds without it.
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function commandLine(): string {
  const [, script, ...args] = process.argv;
  return [script ? basename(script) : "node", ...args].join(" ").slice(0, 200);
}
