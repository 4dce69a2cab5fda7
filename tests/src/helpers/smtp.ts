import { join } from "node:path";
import type { SmtpSink } from "@parlor/mail/testing";
import Database from "better-sqlite3";

export { freePort, type SmtpSink, startSmtpSink } from "@parlor/mail/testing";

export interface OutboxEntry {
  id: string;
  key: string;
  status: "queued" | "sending" | "sent" | "dead";
  attempts: number;
  lastError: string | null;
}

/**
 * The comments service's outbox as it is on disk, through a read-only connection of our own: WAL lets it read
 * beside the running service (or after a killed one) without taking the write lock.
 */
export function readOutbox(dataDir: string): OutboxEntry[] {
  const db = new Database(join(dataDir, "comments.db"), { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare(
        "select id, idempotency_key as key, status, attempts, last_error as lastError from comment_outbox order by id",
      )
      .all() as OutboxEntry[];
  } finally {
    db.close();
  }
}

/** How many outbox rows are in each status. */
export function statusCounts(rows: OutboxEntry[]): Record<OutboxEntry["status"], number> {
  const counts = { queued: 0, sending: 0, sent: 0, dead: 0 };
  for (const row of rows) counts[row.status]++;
  return counts;
}

/** How many of the sink's deliveries carry each text in their plain-text part. */
export function arrivals(sink: SmtpSink, texts: string[]): Map<string, number> {
  const counts = new Map(texts.map((text) => [text, 0]));
  for (const { mail } of sink.deliveries) {
    for (const text of texts) if (mail.text?.includes(text)) counts.set(text, (counts.get(text) ?? 0) + 1);
  }
  return counts;
}

/** Texts that arrived at least once. */
export function arrivedAll(sink: SmtpSink, texts: string[]): boolean {
  return [...arrivals(sink, texts).values()].every((n) => n >= 1);
}

/** Deliveries beyond the first of each text. */
export function duplicates(counts: Map<string, number>): number {
  let extra = 0;
  for (const n of counts.values()) extra += Math.max(0, n - 1);
  return extra;
}
