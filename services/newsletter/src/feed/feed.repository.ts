import type { Kysely } from "kysely";
import type { NewsletterDb } from "../db/schema.ts";

type Db = Kysely<NewsletterDb>;

/** How many entries of this feed were seen before (none: the first look, which drafts nothing). */
export async function entriesSeen(db: Db, feedUrl: string): Promise<number> {
  const row = await db
    .selectFrom("newsletter_feed_entry")
    .select((eb) => eb.fn.countAll().as("n"))
    .where("feed_url", "=", feedUrl)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Records an entry as seen; false when it was seen before. */
export async function markSeen(
  db: Db,
  entry: { key: string; feedUrl: string; entryId: string; title: string | null | undefined; at: string },
): Promise<boolean> {
  const inserted = await db
    .insertInto("newsletter_feed_entry")
    .values({
      key: entry.key,
      feed_url: entry.feedUrl,
      entry_id: entry.entryId,
      title: entry.title,
      issue_id: null,
      seen_at: entry.at,
    })
    .onConflict((oc) => oc.column("key").doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** The draft made from an entry. */
export async function linkIssue(db: Db, key: string, issueId: string) {
  await db.updateTable("newsletter_feed_entry").set({ issue_id: issueId }).where("key", "=", key).execute();
}
