import { writeTransaction } from "@parlor/kit/store";
import { emailKey } from "@parlor/validation";
import type { Insertable, Kysely } from "kysely";
import type { CommentsDb, CommentTable } from "../db/schema.ts";
import type { NotifyAddressRecord } from "./import.types.ts";

// The importer's reads and writes beside the comment inserts: which records came before, where parents are.

/**
 * The source ids of `records` imported before; for our own format also those whose comment id is already here
 * (exported from this very store). A comment erased since its import stays erased: its record remains.
 */
export async function alreadyHere(db: Kysely<CommentsDb>, source: string, records: { sourceId: string }[]) {
  const ids = records.map((r) => r.sourceId);
  const imported = await db
    .selectFrom("comment_import")
    .select("source_id")
    .where("source", "=", source)
    .where("source_id", "in", ids)
    .execute();
  const here = new Set(imported.map((r) => r.source_id));
  if (source === "parlor") {
    const own = await db.selectFrom("comment").select("id").where("id", "in", ids).execute();
    for (const r of own) here.add(r.id);
  }
  return here;
}

export async function parentsOf(db: Kysely<CommentsDb>, source: string, sourceIds: string[]) {
  const found = new Map<string, { id: string; uri: string }>();
  const unique = [...new Set(sourceIds)];
  for (let i = 0; i < unique.length; i += 500) {
    if (source === "parlor") {
      // Our own ids are kept, so a parent is found by its id, also one that was never imported (already here).
      const own = await db
        .selectFrom("comment")
        .select(["id", "uri"])
        .where("id", "in", unique.slice(i, i + 500))
        .execute();
      for (const r of own) found.set(r.id, r);
      continue;
    }
    const rows = await db
      .selectFrom("comment_import as i")
      .innerJoin("comment as c", "c.id", "i.comment_id")
      .select(["i.source_id", "c.id", "c.uri"])
      .where("i.source", "=", source)
      .where("i.source_id", "in", unique.slice(i, i + 500))
      .execute();
    for (const r of rows) found.set(r.source_id, { id: r.id, uri: r.uri });
  }
  return found;
}

/** Links replies whose parent was written after them; returns how many stay top-level (orphans). */
export async function linkLateParents(
  db: Kysely<CommentsDb>,
  source: string,
  later: { id: string; uri: string; parentSourceId: string }[],
  chunkSize: number,
): Promise<number> {
  let orphans = 0;
  for (let i = 0; i < later.length; i += chunkSize) {
    const part = later.slice(i, i + chunkSize);
    await writeTransaction(db, async (trx) => {
      const parents = await parentsOf(
        trx,
        source,
        part.map((p) => p.parentSourceId),
      );
      for (const p of part) {
        const parent = parents.get(p.parentSourceId);
        if (!parent || parent.uri !== p.uri || parent.id === p.id) {
          orphans++;
          continue;
        }
        await trx.updateTable("comment").set({ parent_id: parent.id }).where("id", "=", p.id).execute();
      }
    });
  }
  return orphans;
}

export async function importNotifyAddresses(db: Kysely<CommentsDb>, records: NotifyAddressRecord[]): Promise<number> {
  let added = 0;
  for (const r of records) {
    const res = await db
      .insertInto("comment_notify_address")
      .values({
        email_key: emailKey(r.email),
        email: r.email,
        confirmed_at: r.confirmedAt,
        unsubscribed_at: r.unsubscribedAt,
        created_at: r.createdAt,
      })
      .onConflict((oc) => oc.column("email_key").doNothing())
      .executeTakeFirst();
    added += Number(res.numInsertedOrUpdatedRows ?? 0);
  }
  return added;
}

/**
 * Closes (or keeps open) a page as the source had it, unless a moderator here has decided already (`closed` is
 * set), so importing again never undoes a decision made since. Bumps the version so caches go stale. True when
 * it changed something.
 */
export async function setImportedThreadState(
  db: Kysely<CommentsDb>,
  uri: string,
  closed: boolean,
  changedAt: string,
  now: string,
): Promise<boolean> {
  const value = closed ? 1 : 0;
  const res = await db
    .insertInto("comment_thread")
    .values({ uri, version: 1, total: 0, updated_at: now, closed: value, closed_changed_at: changedAt })
    .onConflict((oc) =>
      oc
        .column("uri")
        .doUpdateSet((eb) => ({
          version: eb("comment_thread.version", "+", 1),
          updated_at: now,
          closed: value,
          closed_changed_at: changedAt,
        }))
        .where("comment_thread.closed", "is", null),
    )
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** New comments and, for each, where it came from (so a second import of the same file skips it). */
export async function insertImported(
  db: Kysely<CommentsDb>,
  source: string,
  fresh: { row: Insertable<CommentTable>; sourceId: string; parentSourceId: string | null }[],
  at: string,
) {
  await db
    .insertInto("comment")
    .values(fresh.map((p) => p.row))
    .execute();
  await db
    .insertInto("comment_import")
    .values(
      fresh.map((p) => ({
        source,
        source_id: p.sourceId,
        comment_id: p.row.id,
        parent_source_id: p.parentSourceId,
        imported_at: at,
      })),
    )
    .execute();
}
