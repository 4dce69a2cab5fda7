import SQLite from "better-sqlite3";
import type { Kysely } from "kysely";
import type { NewsletterDb, SubscriberRow } from "../db/schema.ts";

// Every subscriber, a batch per pull, for the CSV export: memory stays flat however long the list.

const BATCH = 500;
export type Batches = { next(): Promise<SubscriberRow[]>; close(): void };

const SELECT =
  "select id, email, name, status, source, flags, reason, created_at, confirmed_at, unsubscribed_at from subscriber";

// One statement on its own read-only connection: it reads one snapshot (WAL), and a writer on the service's
// connection is never blocked by it.
export function sqliteBatches(file: string): Batches {
  const conn = new SQLite(file, { readonly: true, fileMustExist: true });
  conn.pragma("busy_timeout = 5000");
  const rows = conn.prepare(`${SELECT} order by id`).iterate() as IterableIterator<SubscriberRow>;
  let closed = false;
  return {
    async next() {
      const batch: SubscriberRow[] = [];
      if (closed) return batch;
      for (let r = rows.next(); !r.done; r = rows.next()) {
        batch.push(r.value);
        if (batch.length >= BATCH) break;
      }
      await new Promise((resolve) => setImmediate(resolve)); // let other requests run between batches
      return batch;
    },
    close() {
      if (closed) return;
      closed = true;
      rows.return?.();
      conn.close();
    },
  };
}

export function keysetBatches(db: Kysely<NewsletterDb>): Batches {
  let after = "";
  return {
    async next() {
      const batch = (await db
        .selectFrom("subscriber")
        .selectAll()
        .where("id", ">", after)
        .orderBy("id")
        .limit(BATCH)
        .execute()) as SubscriberRow[];
      after = batch.at(-1)?.id ?? after;
      return batch;
    },
    close() {},
  };
}
