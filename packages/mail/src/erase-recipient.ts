import { rm } from "node:fs/promises";
import { join } from "node:path";
import { sql } from "kysely";
import type { AnyDb } from "./db.ts";
import { messageRef } from "./outbox.repository.ts";

/**
 * Forgets everything the outbox holds for one address (a reader's erasure request): its rows, queued, dead
 * and already sent alike, since each keeps the whole message, and the `.eml` files the file transport wrote
 * for them. A message being sent at this moment may still go out; its outcome then updates no row.
 *
 *   await eraseRecipient(db, "comment_outbox", "reader@example.com", mailDirOf(config.DATA_DIR));
 */
export async function eraseRecipient(
  db: AnyDb,
  table: string,
  email: string,
  mailDir?: string,
): Promise<{ rows: number; files: number }> {
  const recipient = email.trim().toLowerCase();
  const ids = (await db.selectFrom(table).select("id").where("recipient", "=", recipient).execute()).map(
    (r) => r.id as string,
  );
  if (ids.length === 0) return { rows: 0, files: 0 };
  return deleteWithFiles(db, table, ids, mailDir);
}

/**
 * Forgets the emails to others that name the address in their text (a held-comment notice to the moderator
 * quotes the commenter's address): rows and `.eml` files, as eraseRecipient does.
 */
export async function eraseMentions(
  db: AnyDb,
  table: string,
  email: string,
  mailDir?: string,
): Promise<{ rows: number; files: number }> {
  const needle = email
    .trim()
    .toLowerCase()
    .replace(/[!%_]/g, (c) => `!${c}`);
  const ids = (
    await db
      .selectFrom(table)
      .select("id")
      .where(sql<boolean>`lower(message) like ${`%${needle}%`} escape '!'`)
      .execute()
  ).map((r) => r.id as string);
  if (ids.length === 0) return { rows: 0, files: 0 };
  return deleteWithFiles(db, table, ids, mailDir);
}

/**
 * Forgets the emails whose idempotency key starts with one of `prefixes` (e.g. `reply:<comment id>:`, the
 * emails a comment caused to others, which quote its text): rows and `.eml` files.
 */
export async function eraseByKeyPrefix(
  db: AnyDb,
  table: string,
  prefixes: string[],
  mailDir?: string,
): Promise<{ rows: number; files: number }> {
  const ids: string[] = [];
  for (let i = 0; i < prefixes.length; i += 100) {
    const patterns = prefixes.slice(i, i + 100).map((p) => `${p.replace(/[!%_]/g, (c) => `!${c}`)}%`);
    const found = await db
      .selectFrom(table)
      .select("id")
      .where((eb) => eb.or(patterns.map((p) => sql<boolean>`idempotency_key like ${p} escape '!'`)))
      .execute();
    ids.push(...found.map((r) => r.id as string));
  }
  if (ids.length === 0) return { rows: 0, files: 0 };
  return deleteWithFiles(db, table, ids, mailDir);
}

async function deleteWithFiles(db: AnyDb, table: string, ids: string[], mailDir?: string) {
  const deleted = await db.deleteFrom(table).where("id", "in", ids).executeTakeFirst();
  let files = 0;
  if (mailDir) {
    for (const id of ids) {
      const file = join(mailDir, `${messageRef(table, id)}.eml`);
      try {
        await rm(file);
        files++;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
      }
    }
  }
  return { rows: Number(deleted.numDeletedRows), files };
}
