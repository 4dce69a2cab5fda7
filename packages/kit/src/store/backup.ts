import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { dirname } from "node:path";
import SQLite from "better-sqlite3";

/**
 * An online backup of a SQLite database to `dest`, consistent even while the service keeps writing (SQLite's
 * backup API copies pages and restarts when they change). Written to a temp file, checked, then renamed, so a
 * failed backup never leaves a half file under the final name.
 *
 *   await backupSqlite("data/comments.db", "backups/comments-2026-11-29.db");
 */
export async function backupSqlite(source: string, dest: string): Promise<{ pages: number }> {
  mkdirSync(dirname(dest), { recursive: true });
  const db = new SQLite(source, { readonly: true, fileMustExist: true });
  const tmp = `${dest}.partial`;
  try {
    const { totalPages } = await db.backup(tmp);
    checkIntegrity(tmp);
    renameSync(tmp, dest);
    return { pages: totalPages };
  } finally {
    db.close();
    rmSync(tmp, { force: true });
  }
}

/**
 * Puts a backup in place of the database file. The service must be stopped: a running process keeps its own
 * open file. The current file (and its WAL) is kept beside it as `<file>.before-restore`.
 */
export async function restoreSqlite(backup: string, target: string): Promise<void> {
  checkIntegrity(backup);
  mkdirSync(dirname(target), { recursive: true });
  if (existsSync(target)) {
    // Fold the WAL into the main file first, so the kept copy is complete.
    const current = new SQLite(target);
    current.pragma("wal_checkpoint(TRUNCATE)");
    current.close();
    renameSync(target, `${target}.before-restore`);
  }
  for (const suffix of ["-wal", "-shm"]) rmSync(`${target}${suffix}`, { force: true });
  const db = new SQLite(backup, { readonly: true });
  try {
    await db.backup(target);
  } finally {
    db.close();
  }
}

function checkIntegrity(file: string) {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const result = db.pragma("integrity_check", { simple: true });
    if (result !== "ok") throw new Error(`${file} failed SQLite's integrity check: ${String(result)}`);
  } finally {
    db.close();
  }
}
