import { writeTransaction } from "@parlor/kit";
import type { Kysely } from "kysely";
import { touchThread } from "../comments/comment.repository.ts";
import type { CommentsDb } from "../db/schema.ts";
import { FORMATS, type FormatName, sizeOf } from "./formats/index.ts";
import { alreadyHere, importNotifyAddresses, linkLateParents, parentsOf } from "./import.repository.ts";
import type { ImportRecord, NotifyAddressRecord } from "./import.types.ts";
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
  /** Rows per write transaction: small enough that the running service's writes wait only briefly. */
  chunkSize?: number;
  progress?: ImportProgress;
  now?: () => Date;
}

export interface ImportSummary {
  read: number;
  imported: number;
  alreadyImported: number;
  skippedDeleted: number;
  skippedSpam: number;
  invalid: { at: string; reason: string }[];
  /** Replies whose parent is not in the file (or on another page): imported as top-level comments. */
  orphans: number;
  threads: number;
  notifyAddresses: number;
}

/** Stops an import before anything is written: the file has invalid records and --skip-invalid was not given. */
export class InvalidImportFile extends Error {
  constructor(readonly invalid: { at: string; reason: string }[]) {
    const first = invalid[0];
    super(
      `${first.at}: ${first.reason}${invalid.length > 1 ? ` (and ${invalid.length - 1} more invalid record${invalid.length > 2 ? "s" : ""})` : ""}; nothing was imported (--skip-invalid imports the rest)`,
    );
  }
}

const noProgress: ImportProgress = { start() {}, update() {}, stop() {} };

/**
 * Imports a file in two streaming passes. The first reads it whole and checks every record, writing nothing; a
 * malformed file or an invalid record stops the import there (unless skipInvalid). The second writes in chunks,
 * each its own transaction, and remembers each record's source id, so a second import of the same file adds
 * nothing. Replies whose parent came later in the file are linked at the end; those whose parent never came stay
 * top-level. Finally every page that changed is recounted (readers' caches go stale through its version).
 */
export async function importComments(db: Kysely<CommentsDb>, o: ImportOptions): Promise<ImportSummary> {
  const { read } = FORMATS[o.format];
  const progress = o.progress ?? noProgress;
  const now = () => (o.now ? o.now() : new Date()).toISOString();
  const chunkSize = o.chunkSize ?? 500;
  const total = sizeOf(o.format, o.file);
  const summary: ImportSummary = {
    read: 0,
    imported: 0,
    alreadyImported: 0,
    skippedDeleted: 0,
    skippedSpam: 0,
    invalid: [],
    orphans: 0,
    threads: 0,
    notifyAddresses: 0,
  };

  // Pass 1: check everything, write nothing.
  const threads = new Map<string, string>();
  const unresolved: { at: string; ref: string }[] = [];
  let seen = new Set<string>();
  progress.start("checking", total);
  const ctx = { threads, mapUri: o.mapUri, render: () => "", checkOnly: true as const };
  for await (const item of read(o.file, (n) => progress.update(n))) {
    if (item.kind === "thread") threads.set(item.id, item.page);
    else if (item.kind === "invalid") summary.invalid.push({ at: item.at, reason: item.reason });
    else if (item.kind === "comment") {
      const r = item.record;
      summary.read++;
      if (seen.has(r.sourceId)) {
        summary.invalid.push({ at: r.at, reason: `its id ${r.sourceId} appears twice in the file` });
        continue;
      }
      seen.add(r.sourceId);
      if (r.threadRef !== undefined && !threads.has(r.threadRef)) {
        unresolved.push({ at: r.at, ref: r.threadRef }); // its thread may come later in the file
        continue;
      }
      const checked = prepareRecord(r, ctx);
      if (!checked.ok) summary.invalid.push({ at: r.at, reason: checked.reason });
    }
  }
  for (const u of unresolved) {
    if (!threads.has(u.ref))
      summary.invalid.push({ at: u.at, reason: `its thread ${u.ref || "(none)"} is not in the file` });
  }
  progress.stop();
  if (summary.invalid.length > 0 && !o.skipInvalid) throw new InvalidImportFile(summary.invalid);

  // Pass 2: write in chunks.
  const touched = new Set<string>();
  const later: { id: string; uri: string; parentSourceId: string }[] = [];
  let chunk: ImportRecord[] = [];
  const reported = new Set(summary.invalid.map((i) => i.at));
  const ctx2 = { threads, mapUri: o.mapUri, render: o.render };
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
      for (const p of fresh) if (p.row.status === "approved") touched.add(p.row.uri); // others show nowhere
      summary.imported += fresh.length;
    });
  };

  seen = new Set<string>();
  const notify: NotifyAddressRecord[] = [];
  progress.start("importing", total);
  for await (const item of read(o.file, (n) => progress.update(n))) {
    if (item.kind === "notifyAddress") notify.push(item.record);
    if (item.kind !== "comment") continue;
    const r = item.record;
    if (seen.has(r.sourceId)) continue; // a duplicate, reported in pass 1
    seen.add(r.sourceId);
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
