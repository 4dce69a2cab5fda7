import { writeTransaction } from "@parlor/kit/store";
import type { Kysely } from "kysely";
import { touchThread } from "../comments/comment.repository.ts";
import type { CommentRow, CommentsDb } from "../db/schema.ts";
import { carryOver } from "./carry-over.ts";
import { type FormatName, sizeOf } from "./formats/index.ts";
import { alreadyHere, importNotifyAddresses, linkLateParents, parentsOf } from "./import.repository.ts";
import type { ImportRecord, NotifyAddressRecord, ReaderItem, ThreadRecord } from "./import.types.ts";
import { checkFile, readFile } from "./import-check.ts";
import { type Prepared, prepareRecord } from "./prepare.ts";
import type { UriMapper } from "./uri-map.ts";

export interface ImportProgress {
  start(phase: string, total: number): void;
  update(done: number): void;
  stop(): void;
}

export interface ImportOptions {
  format: FormatName;
  file: string;
  mapUri: UriMapper;
  /** Renders Markdown to the stored, sanitized HTML (the service's own renderer). */
  render: (markdown: string) => string;
  skipInvalid?: boolean;
  skipDeleted?: boolean;
  skipSpam?: boolean;
  /** --timezone: the IANA zone the file's zone-less times were written in (Waline on SQLite, WordPress without GMT). */
  timezone?: string;
  /** --dry-run: read and check everything, say what would land where, write nothing. */
  dryRun?: boolean;
  /** Rows per write transaction: small enough that the running service's writes wait only briefly. */
  chunkSize?: number;
  progress?: ImportProgress;
  now?: () => Date;
}

type Status = CommentRow["status"];

export interface ImportSummary {
  dryRun: boolean;
  read: number;
  imported: number;
  alreadyImported: number;
  skippedDeleted: number;
  skippedSpam: number;
  /** Comments left out on purpose, by reason: editorial notes, pingbacks, comments on private or deleted pages. */
  skipped: Record<string, number>;
  invalid: { at: string; reason: string }[];
  /** Malformations the reader recovered from (a stray character before the XML root, …). */
  warnings: { at: string; message: string }[];
  /** Replies whose parent is not in the file (or on another page): imported as top-level comments. */
  orphans: number;
  threads: number;
  /** How many of the source's pages land on each Parlor page, most first. */
  pages: { uri: string; sources: number }[];
  /** What lands (or, with dryRun, would land) on each page, by status; deleted comments counted apart. */
  landing: { uri: string; counts: Partial<Record<Status | "deleted", number>> }[];
  /** Pages closed (or kept open) as the source had them, where no moderator here had decided yet. */
  threadStates: { closed: number; open: number };
  /** Readers the source blocked: blocked here by address, or listed when the source knows no address for them. */
  blocks: { added: number; notCarried: { who: string; at: string; reason: string }[] };
  notifyAddresses: number;
}

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
  const landing = new Map<string, Partial<Record<Status | "deleted", number>>>();
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
      await trx
        .insertInto("comment")
        .values(fresh.map((p) => p.row))
        .execute();
      const at = now();
      await trx
        .insertInto("comment_import")
        .values(
          fresh.map((p) => ({
            source: o.format,
            source_id: p.sourceId,
            comment_id: p.row.id,
            parent_source_id: p.parentSourceId,
            imported_at: at,
          })),
        )
        .execute();
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
