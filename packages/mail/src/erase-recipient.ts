import { rm } from "node:fs/promises";
import { join } from "node:path";
import { type AnyDb, eraseKeyPrefixes, erasePayloadMentions, eraseTarget } from "@parlor/outbox";
import { messageRef } from "./enqueue.ts";

/**
 * Forgets everything the outbox holds for one address (a reader's erasure request): its rows, queued, dead
 * and already sent alike, since each keeps the whole message, and the `.eml` files the file transport wrote
 * for them. A message being sent at this moment may still go out; its outcome then updates no row.
 *
 *   await eraseRecipient(db, "comment_outbox", "reader@example.com", mailDirOf(config.DATA_DIR));
 */
export async function eraseRecipient(db: AnyDb, table: string, email: string, mailDir?: string) {
  return withFiles(table, await eraseTarget(db, table, email), mailDir);
}

/**
 * Forgets the emails to others that name the address in their text (a held-comment notice to the moderator
 * quotes the commenter's address): rows and `.eml` files, as eraseRecipient does.
 */
export async function eraseMentions(db: AnyDb, table: string, email: string, mailDir?: string) {
  return withFiles(table, await erasePayloadMentions(db, table, email), mailDir);
}

/**
 * Forgets the emails whose idempotency key starts with one of `prefixes` (e.g. `reply:<comment id>:`, the
 * emails a comment caused to others, which quote its text): rows and `.eml` files.
 */
export async function eraseByKeyPrefix(db: AnyDb, table: string, prefixes: string[], mailDir?: string) {
  return withFiles(table, await eraseKeyPrefixes(db, table, prefixes), mailDir);
}

async function withFiles(table: string, ids: string[], mailDir?: string): Promise<{ rows: number; files: number }> {
  let files = 0;
  if (mailDir) {
    for (const id of ids) {
      try {
        await rm(join(mailDir, `${messageRef(table, id)}.eml`));
        files++;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
      }
    }
  }
  return { rows: ids.length, files };
}
