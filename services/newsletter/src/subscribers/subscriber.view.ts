import type { SubscriberRow } from "../db/schema.ts";

/** What the admin API shows of a subscriber (camelCase; never the token hash or the client hash). */
export function toSubscriberView(row: SubscriberRow) {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    status: row.status,
    source: row.source,
    flags: row.flags ? row.flags.split(",") : [],
    reason: row.reason,
    createdAt: row.created_at,
    confirmedAt: row.confirmed_at,
    unsubscribedAt: row.unsubscribed_at,
  };
}
export type SubscriberView = ReturnType<typeof toSubscriberView>;
