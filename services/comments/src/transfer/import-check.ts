import { FORMATS } from "./formats/index.ts";
import type { ImportOptions, ImportProgress, ImportSummary } from "./import.options.ts";
import { ImportFileError, type ImportRecord, type ReaderItem, type ThreadRecord } from "./import.types.ts";
import { mapTemplate, PagesWouldMerge, PageTally } from "./page-identity.ts";
import { placeRecord, prepareRecord } from "./prepare.ts";
import type { UriMapper } from "./uri-map.ts";

/** Stops an import before anything is written: the file has invalid records and --skip-invalid was not given. */
export class InvalidImportFile extends Error {
  constructor(readonly invalid: { at: string; reason: string }[]) {
    const first = invalid[0];
    super(
      `${first.at}: ${first.reason}${invalid.length > 1 ? ` (and ${invalid.length - 1} more invalid record${invalid.length > 2 ? "s" : ""})` : ""}; nothing was imported (--skip-invalid imports the rest)`,
    );
  }
}

/**
 * The first pass: reads the whole file and checks every record, writing nothing. Fills in the threads (Disqus),
 * the summary's count, invalid records and warnings, and returns which source pages land on which Parlor page.
 * Throws InvalidImportFile (unless skipInvalid), TimeZoneNeeded, ImportFileError or PagesWouldMerge.
 */
export async function checkFile(
  o: ImportOptions,
  ctx: { threads: Map<string, ThreadRecord>; mapUri: UriMapper; zone?: string },
  summary: ImportSummary,
  progress: ImportProgress,
  total: number,
): Promise<PageTally> {
  const { threads } = ctx;
  progress.start("checking", total);
  const pages = new PageTally();
  const check = (r: ImportRecord) => {
    const checked = prepareRecord(r, { ...ctx, render: () => "", checkOnly: true });
    if (!checked.ok) return summary.invalid.push({ at: r.at, reason: checked.reason });
    const placed = placeRecord(r, ctx);
    if (!("ok" in placed)) pages.add(placed.uri, placed.source);
  };
  const unresolved: ImportRecord[] = [];
  const seen = new Set<string>();
  for await (const item of readFile(o, progress)) {
    if (item.kind === "thread") threads.set(item.id, item);
    else if (item.kind === "invalid") summary.invalid.push({ at: item.at, reason: item.reason });
    else if (item.kind === "warning") summary.warnings.push({ at: item.at, message: item.message });
    else if (item.kind === "comment") {
      const r = item.record;
      summary.read++;
      if (seen.has(r.sourceId)) {
        summary.invalid.push({ at: r.at, reason: `its id ${r.sourceId} appears twice in the file` });
        continue;
      }
      seen.add(r.sourceId);
      if (r.threadRef !== undefined && !threads.has(r.threadRef))
        unresolved.push(r); // its thread may come later
      else if (!threads.get(r.threadRef ?? "")?.deleted) check(r);
    }
  }
  for (const r of unresolved) {
    const thread = threads.get(r.threadRef ?? "");
    if (!thread) summary.invalid.push({ at: r.at, reason: `its thread ${r.threadRef || "(none)"} is not in the file` });
    else if (!thread.deleted) check(r);
  }
  progress.stop();
  if (summary.invalid.length > 0 && !o.skipInvalid) throw new InvalidImportFile(summary.invalid);
  const collisions = pages.collisions();
  if (collisions.length > 0) throw new PagesWouldMerge(collisions, mapTemplate(collisions));
  return pages;
}

/** The file's items; an error from below (a cut-short gzip, a damaged database) named with where the reading was. */
export async function* readFile(o: ImportOptions, progress: ImportProgress): AsyncGenerator<ReaderItem> {
  let last = "";
  try {
    for await (const item of FORMATS[o.format].read(o.file, (n) => progress.update(n))) {
      last = item.kind === "comment" ? item.record.at : item.at;
      yield item;
    }
  } catch (e) {
    if (e instanceof ImportFileError) throw e;
    throw new ImportFileError(last ? `after ${last}` : "at the start", (e as Error).message);
  }
}
