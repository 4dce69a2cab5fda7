import { type AnyDb, enqueueItems, itemsFor } from "@parlor/outbox";
import { emailKey } from "@parlor/validation";
import { type OutboxMessage, validateMessage } from "./message.ts";
import { isPersonalised, type StoredMessage, validatePersonalised } from "./shared-body.ts";

/**
 * Queues an email inside the caller's transaction, so it exists exactly when the change that caused it commits.
 * A second call with the same key is ignored (a retried request cannot queue twice); returns whether this call
 * inserted the row. The row's target is the address lower-cased (for erasure), its label the subject.
 *
 *   await db.transaction().execute(async (trx) => {
 *     await insertComment(trx, comment);
 *     await enqueue(trx, "comment_outbox", { to, subject, ...renderEmail(content) }, `held:${comment.id}`);
 *   });
 */
export async function enqueue(
  trx: AnyDb,
  table: string,
  message: OutboxMessage,
  idempotencyKey: string,
  now: Date = new Date(),
): Promise<boolean> {
  const valid = validateMessage(message);
  if (!idempotencyKey || idempotencyKey.length > 200) throw new Error("idempotencyKey must be 1–200 characters");
  const item = { key: idempotencyKey, target: emailKey(valid.to), label: valid.subject, payload: valid };
  return (await enqueueItems(trx, table, [item], now)) > 0;
}

/**
 * Queues many emails in one statement inside the caller's transaction (a newsletter's fan-out chunk); each is
 * whole or personalised (a shared body with its parts). Items whose key is already queued are ignored; returns
 * how many rows this call inserted.
 */
export async function enqueueMessages(
  trx: AnyDb,
  table: string,
  items: readonly { message: StoredMessage; key: string }[],
  now: Date = new Date(),
): Promise<number> {
  const rows = items.map(({ message, key }) => {
    const valid = isPersonalised(message) ? validatePersonalised(message) : validateMessage(message);
    if (!key || key.length > 200) throw new Error("idempotencyKey must be 1–200 characters");
    return { key, target: emailKey(valid.to), label: valid.subject, payload: valid };
  });
  return enqueueItems(trx, table, rows, now);
}

/** `<table>-<id>`: the .eml file's name and the Message-ID's left part, the same on every attempt. */
export function messageRef(table: string, id: string): string {
  return `${table}-${id}`;
}

/** The emails queued for an address, oldest first, as a reader's data export lists them (no bodies). */
export async function outboxHistory(db: AnyDb, table: string, address: string) {
  const rows = await itemsFor(db, table, emailKey(address));
  return rows.map((e) => ({
    subject: e.subject as string,
    status: e.status as string,
    createdAt: e.created_at as string,
    sentAt: e.sent_at as string | null,
  }));
}
