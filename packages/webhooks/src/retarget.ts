import { createHash } from "node:crypto";
import { type AnyDb, enqueueItems, giveUpItem, redirectItem, waitingItems } from "@parlor/outbox";
import { urlsFor, type WebhookRoutes } from "./config.ts";
import type { StoredDelivery } from "./emitter.ts";

export interface RetargetSummary {
  /** Rows whose URL is no longer configured for their event, given one that is. */
  moved: number;
  /** Rows added for URLs configured for the event since it was queued. */
  added: number;
  /** Rows given up because no URL wants their event any more. */
  dropped: number;
}

const NO_LONGER = "no URL in WEBHOOK_URLS wants this event any more";

/**
 * Points the deliveries still waiting at the URLs configured now. A store restored from a backup (or a queue
 * that waited while the operator changed WEBHOOK_URLS) holds rows queued for the URLs of back then; each event
 * goes to the URLs its type has now, with its original body and so its original `Parlor-Delivery` id (it may
 * have been delivered before the backup's copy was restored: receivers dedupe on that id). A row whose URL is
 * still configured stays as it is; one whose URL is gone takes one of the new URLs, due at once (its waits were
 * for the old URL); a new URL with no row gets one; a row left over, with no URL for it, is marked dead with the
 * reason. Rows being sent now are left alone.
 *
 *   await retargetDeliveries(db, "comment_webhook_outbox", config.WEBHOOK_URLS);
 */
export async function retargetDeliveries(
  db: AnyDb,
  table: string,
  routes: WebhookRoutes,
  now: Date = new Date(),
): Promise<RetargetSummary> {
  const summary: RetargetSummary = { moved: 0, added: 0, dropped: 0 };
  const rows = await waitingItems(db, table, now);
  const byEvent = new Map<string, { type: string; body: string; rows: { id: string; url: string }[] }>();
  for (const row of rows) {
    let delivery: StoredDelivery;
    let event: { id: string; type: string };
    try {
      delivery = JSON.parse(row.message) as StoredDelivery;
      event = JSON.parse(delivery.body) as { id: string; type: string };
    } catch {
      continue; // the worker marks an unreadable row dead itself
    }
    const entry = byEvent.get(event.id) ?? { type: event.type, body: delivery.body, rows: [] };
    entry.rows.push({ id: row.id, url: delivery.url });
    byEvent.set(event.id, entry);
  }
  for (const [eventId, { type, body, rows: waiting }] of byEvent) {
    const wanted = urlsFor(routes, type);
    const missing = wanted.filter((url) => !waiting.some((r) => r.url === url));
    const orphans = waiting.filter((r) => !wanted.includes(r.url));
    for (const [i, orphan] of orphans.entries()) {
      const url = missing[i];
      if (url) {
        // Due now: the waits it had were for a URL that is no longer configured.
        await redirectItem(db, table, orphan.id, url, { url, body } satisfies StoredDelivery, now);
        summary.moved++;
      } else {
        await giveUpItem(db, table, orphan.id, NO_LONGER);
        summary.dropped++;
      }
    }
    const added = missing.slice(orphans.length).map((url) => ({
      key: `${eventId}:${createHash("sha256").update(url).digest("hex").slice(0, 16)}`,
      target: url,
      label: type,
      payload: { url, body } satisfies StoredDelivery,
    }));
    summary.added += await enqueueItems(db, table, added, now);
  }
  return summary;
}
