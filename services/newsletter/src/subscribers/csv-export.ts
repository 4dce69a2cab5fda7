import { stringify } from "csv-stringify/sync";
import type { Kysely } from "kysely";
import type { NewsletterDb, SubscriberRow } from "../db/schema.ts";
import { topicSlugsOf } from "../topics/topic.repository.ts";
import { CSV_COLUMNS, escapeCell } from "./csv-cells.ts";
import { type Batches, keysetBatches, sqliteBatches } from "./subscriber-batches.repository.ts";

/**
 * Every subscriber as CSV, streamed: one batch of rows is read and written per pull, so memory stays flat
 * however long the list. On SQLite the rows come from a separate read-only connection reading one snapshot
 * (the service's own connection, which writers queue on, is not held); on PostgreSQL from keyset pages.
 */
export function exportCsv(source: { db: Kysely<NewsletterDb>; sqliteFile: string | null }): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let batches: Batches | null = null;
  let header = true;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          batches ??= source.sqliteFile ? sqliteBatches(source.sqliteFile) : keysetBatches(source.db);
          const rows = await batches.next();
          if (rows.length === 0 && !header) {
            batches.close();
            controller.close();
            return;
          }
          const topics = await topicSlugsOf(
            source.db,
            rows.map((r) => r.id),
          );
          controller.enqueue(encoder.encode(toCsv(rows, topics, header)));
          header = false;
        } catch (err) {
          batches?.close();
          controller.error(err);
        }
      },
      cancel() {
        batches?.close();
      },
    },
    { highWaterMark: 1 },
  );
}

function toCsv(rows: SubscriberRow[], topics: Map<string, string[]>, header: boolean): string {
  const records = rows.map((r) =>
    [
      r.email,
      r.name,
      r.status,
      r.source,
      r.created_at,
      r.confirmed_at,
      r.unsubscribed_at,
      r.flags,
      r.reason,
      (topics.get(r.id) ?? []).join(" "),
    ].map(escapeCell),
  );
  return stringify(records, { header, columns: [...CSV_COLUMNS], record_delimiter: "unix" });
}
