import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { dirname } from "node:path";
import SQLite from "better-sqlite3";
import { holdStore, withStoreExclusive } from "./store-lock.ts";

const SIDE_FILES = ["-wal", "-shm", "-journal"];

/**
 * An online backup of a SQLite database to `dest`, consistent even while the service keeps writing (SQLite's
 * backup API copies pages and restarts when they change). Written to a temp file, checked, then renamed, so a
 * failed backup never leaves a half file under the final name. The backup is one self-contained file (rollback
 * journal, not WAL): nothing is left beside it.
 *
 *   await backupSqlite("data/comments.db", "backups/comments-2026-11-29.db");
 */
export async function backupSqlite(source: string, dest: string): Promise<{ pages: number }> {
  mkdirSync(dirname(dest), { recursive: true });
  const hold = holdStore(source); // a restore must not swap the file while it is being read
  const tmp = `${dest}.partial`;
  try {
    const db = new SQLite(source, { readonly: true, fileMustExist: true });
    let pages: number;
    try {
      pages = (await db.backup(tmp)).totalPages;
    } finally {
      db.close();
    }
    // The copy inherits WAL mode from its source; out of WAL, it needs no -wal or -shm file beside it.
    const copy = new SQLite(tmp, { fileMustExist: true });
    try {
      copy.pragma("journal_mode = DELETE");
      checkIntegrity(copy, dest);
    } finally {
      copy.close();
    }
    renameSync(tmp, dest);
    return { pages };
  } finally {
    for (const f of [tmp, ...SIDE_FILES.map((s) => `${tmp}${s}`)]) rmSync(f, { force: true });
    hold.release();
  }
}

/** What a restore did. */
export interface RestoreOutcome {
  /** Where the database that was replaced is kept, or null when there was none. */
  kept: string | null;
}

/**
 * Puts a backup in place of the database file. Refuses (StoreInUse, naming the process) while any process has
 * the store open, and keeps it closed to others until the restore is done. The current file, with its WAL folded
 * in, is kept beside it as `<file>.before-restore`.
 */
export async function restoreSqlite(backup: string, target: string): Promise<RestoreOutcome> {
  // A backup in WAL mode (as older versions wrote them) gets -wal and -shm files when it is opened, even read-only:
  // those this restore made are removed again, so the backup's folder is left as it was found.
  const made = SIDE_FILES.map((s) => `${backup}${s}`).filter((f) => !existsSync(f));
  const source = new SQLite(backup, { readonly: true, fileMustExist: true });
  try {
    checkIntegrity(source, backup);
    mkdirSync(dirname(target), { recursive: true });
    return await withStoreExclusive(target, async () => {
      let kept: string | null = null;
      if (existsSync(target)) {
        // Fold the WAL into the main file first, so the kept copy is complete.
        const current = new SQLite(target);
        current.pragma("wal_checkpoint(TRUNCATE)");
        current.close();
        kept = `${target}.before-restore`;
        renameSync(target, kept);
      }
      for (const suffix of SIDE_FILES) rmSync(`${target}${suffix}`, { force: true });
      await source.backup(target);
      return { kept };
    });
  } finally {
    source.close();
    for (const f of made) rmSync(f, { force: true });
  }
}

function checkIntegrity(db: SQLite.Database, name: string) {
  let result: unknown;
  try {
    result = db.pragma("integrity_check", { simple: true });
  } catch (e) {
    throw new Error(`${name} is not a SQLite database (${(e as Error).message})`);
  }
  if (result !== "ok") throw new Error(`${name} failed SQLite's integrity check: ${String(result)}`);
}
