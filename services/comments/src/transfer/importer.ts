import { writeTransaction } from "@parlor/kit/store";
import type { Kysely } from "kysely";
import { touchThread } from "../comments/comment.repository.ts";
import type { CommentRow, CommentsDb } from "../db/schema.ts";
import { carryOver } from "./carry-over.ts";
import { sizeOf } from "./formats/index.ts";
import type { ImportOptions, ImportProgress, ImportSummary } from "./import.options.ts";
import { alreadyHere, importNotifyAddresses, insertImported, linkLateParents, parentsOf } from "./import.repository.ts";
import type { ImportRecord, NotifyAddressRecord, ReaderItem, ThreadRecord } from "./import.types.ts";
import { checkFile, readFile } from "./import-check.ts";
import { type Prepared, prepareRecord } from "./prepare.ts";

export type { ImportOptions, ImportProgress, ImportSummary } from "./import.options.ts";

export { InvalidImportFile } from "./import-check.ts";

const noProgress: ImportProgress = { start() {}, update() {}, stop() {} };
const ON_DELETED_THREAD = "on a thread deleted in the source";

/**
 * Imports a file in two streaming passes. The first reads it whole and checks every record, writing nothing; a
 * malformed file, an invalid record (unless skipInvalid), a zone-less time without a zone, or pages the mapping
 * would merge stop the import there. The second writes in chunks, each its own transaction, and remembers each
 * record's source id, so a second import of the same file adds nothing (with dryRun it writes nothing and only
 * counts). Replies whose parent came later in the file are linked at the end; those whose parent never came stay
 * top-level. Then the source's closed pages and blocked readers are carried over, and every page that changed is
 * recounted (readers' caches go stale through its version). Nothing here sends an email or queues a webhook:
 * imported comments are history, not news.
 */
export async function importComments(db: Kysely<CommentsDb>, o: ImportOptions): Promise<ImportSummary> {
  const progress = o.progress ?? noProgress;
  const now = () => (o.now ? o.now() : new Date()).toISOString();
  const chunkSize = o.chunkSize ?? 500;
  const total = sizeOf(o.format, o.file);
  const summary: ImportSummary = {
    dryRun: o.dryRun === true,
    read: 0,
    imported: 0,
    alreadyImported: 0,
    skippedDeleted: 0,
    skippedSpam: 0,
    skipped: {},
    invalid: [],
    warnings: [],
    orphans: 0,
    threads: 0,
    pages: [],
    landing: [],
    threadStates: { closed: 0, open: 0 },
    blocks: { added: 0, notCarried: [] },
    notifyAddresses: 0,
  };
  const threads = new Map<string, ThreadRecord>();
  const ctx = { threads, mapUri: o.mapUri, zone: o.timezone };

  // Pass 1: check everything, write nothing.
  summary.pages = (await checkFile(o, ctx, summary, progress, total)).counts();

  // Pass 2: write in chunks (or, dry, count).
  const touched = new Set<string>();
  const landing = new Map<string, Partial<Record<CommentRow["status"] | "deleted", number>>>();
  const land = (row: CommentRow) => {
    const counts = landing.get(row.uri) ?? {};
    landing.set(row.uri, counts);
    const key = row.deleted_at ? "deleted" : row.status;
    counts[key] = (counts[key] ?? 0) + 1;
  };
  const later: { id: string; uri: string; parentSourceId: string }[] = [];
  let chunk: ImportRecord[] = [];
  const reported = new Set(summary.invalid.map((i) => i.at));
  const ctx2 = { ...ctx, render: o.render };
  const flush = async () => {
    if (chunk.length === 0) return;
    const records = chunk;
    chunk = [];
    // Converting and rendering is the slow part: done only for records not imported before, and outside the
    // write transaction, so the lock is held for the inserts alone.
    const present = await alreadyHere(db, o.format, records);
    const batch: Prepared[] = [];
    for (const r of records) {
      if (present.has(r.sourceId)) continue;
      const prepared = prepareRecord(r, ctx2);
      if (prepared.ok) batch.push(prepared.value);
      // Refused in pass 1 already, or only now (HTML whose text vanished in conversion): listed either way.
      else if (!reported.has(r.at)) summary.invalid.push({ at: r.at, reason: prepared.reason });
    }
    summary.alreadyImported += present.size;
    if (batch.length === 0) return;
    if (o.dryRun) {
      for (const p of batch) land(p.row);
      summary.imported += batch.length;
      return;
    }
    await writeTransaction(db, async (trx) => {
      // Checked again under the write lock: another import of the same file may have run in between.
      const again = await alreadyHere(trx, o.format, batch);
      const fresh = batch.filter((p) => !again.has(p.sourceId));
      summary.alreadyImported += batch.length - fresh.length;
      if (fresh.length === 0) return;
      const parents = await parentsOf(
        trx,
        o.format,
        fresh.flatMap((p) => (p.parentSourceId ? [p.parentSourceId] : [])),
      );
      for (const p of fresh) {
        const parent = p.parentSourceId ? parents.get(p.parentSourceId) : undefined;
        if (parent && parent.uri === p.row.uri) p.row.parent_id = parent.id;
        else if (p.parentSourceId) later.push({ id: p.row.id, uri: p.row.uri, parentSourceId: p.parentSourceId });
      }
      await insertImported(trx, o.format, fresh, now());
      for (const p of fresh) {
        land(p.row);
        if (p.row.status === "approved") touched.add(p.row.uri); // others show nowhere
      }
      summary.imported += fresh.length;
    });
  };

  const seen = new Set<string>();
  const notify: NotifyAddressRecord[] = [];
  const states: Extract<ReaderItem, { kind: "pageState" }>[] = [];
  const blocks: Extract<ReaderItem, { kind: "block" }>[] = [];
  const skip = (reason: string) => {
    summary.skipped[reason] = (summary.skipped[reason] ?? 0) + 1;
  };
  progress.start(o.dryRun ? "counting" : "importing", total);
  for await (const item of readFile(o, progress)) {
    if (item.kind === "notifyAddress") notify.push(item.record);
    else if (item.kind === "skip") skip(item.reason);
    else if (item.kind === "pageState") states.push(item);
    else if (item.kind === "block") blocks.push(item);
    if (item.kind !== "comment") continue;
    const r = item.record;
    if (seen.has(r.sourceId)) continue; // a duplicate, reported in pass 1
    seen.add(r.sourceId);
    if (r.threadRef !== undefined && threads.get(r.threadRef)?.deleted) {
      skip(ON_DELETED_THREAD);
      continue;
    }
    if (o.skipDeleted && (r.deleted || r.parlor?.deletedAt != null)) {
      summary.skippedDeleted++;
      continue;
    }
    if (o.skipSpam && r.status === "spam") {
      summary.skippedSpam++;
      continue;
    }
    chunk.push(r);
    if (chunk.length >= chunkSize) await flush();
  }
  await flush();
  progress.stop();
  summary.landing = [...landing].map(([uri, counts]) => ({ uri, counts })).sort((a, b) => a.uri.localeCompare(b.uri));

  for (const t of threads.values()) {
    if (t.closed && !t.deleted) states.push({ kind: "pageState", at: t.at, page: t.page, closed: true });
  }
  await carryOver(db, o, summary, { states, blocks, ctx, now: now() });
  if (o.dryRun) return summary;

  summary.orphans = await linkLateParents(db, o.format, later, chunkSize);
  summary.notifyAddresses = await importNotifyAddresses(db, notify);
  const uris = [...touched];
  progress.start("recounting pages", uris.length);
  for (let i = 0; i < uris.length; i += 100) {
    const part = uris.slice(i, i + 100);
    await writeTransaction(db, async (trx) => {
      for (const uri of part) await touchThread(trx, uri, now());
    });
    progress.update(Math.min(uris.length, i + 100));
  }
  progress.stop();
  summary.threads = uris.length;
  return summary;
}
