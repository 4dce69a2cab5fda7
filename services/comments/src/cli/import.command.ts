import { existsSync, writeFileSync } from "node:fs";
import { maskAddresses } from "@parlor/kit";
import { type CliCommand, CliError, operatorPath } from "@parlor/kit/cli";
import type { Runtime } from "../config.ts";
import { FORMATS, isFormat } from "../transfer/formats/index.ts";
import { ImportFileError } from "../transfer/import.types.ts";
import { type ImportSummary, InvalidImportFile, importComments } from "../transfer/importer.ts";
import { PagesWouldMerge } from "../transfer/page-identity.ts";
import { isZoneName } from "../transfer/time.ts";
import { loadUriMap } from "../transfer/uri-map.ts";
import { terminalProgress } from "./progress.ts";
import { withStore } from "./store.ts";

const formats = Object.entries(FORMATS)
  .map(([name, f]) => `  ${name.padEnd(10)} ${f.what}`)
  .join("\n");

export function importCommand(rt: Runtime): CliCommand {
  return {
    summary: "import comments from Disqus, WordPress, Isso, Remark42, Waline or a Parlor export",
    usage: `import --format <format> [--map-uris <file>] [--timezone <zone>] [--dry-run] [--skip-invalid] [--skip-deleted] [--skip-spam] <file>

formats:
${formats}

The file is checked whole first; a malformed file or an invalid record stops the import before anything is
written, naming the line or element. --skip-invalid imports the valid records and lists each skipped one.
Thread addresses become paths (origin, query and fragment dropped); --map-uris names a file of
"<old address> <new path>" lines that win over that rule. Pages the source told apart only by their query
(WordPress's /?p=12) go to their permalink when the export has one; otherwise the import stops, lists them,
and writes a --map-uris template beside the file. Times without a zone (Waline on SQLite) need --timezone,
the IANA zone the source's server ran in (e.g. Europe/Berlin). --dry-run checks and counts what would land
on each page, writing nothing. Importing the same file again adds nothing. An import sends no email and no
webhook. --skip-deleted and --skip-spam leave deleted and spam comments out (by default they come in as such).
What each format keeps, converts and skips: docs/import.md.`,
    options: {
      format: { type: "string", short: "f" },
      "map-uris": { type: "string" },
      timezone: { type: "string" },
      "dry-run": { type: "boolean" },
      "skip-invalid": { type: "boolean" },
      "skip-deleted": { type: "boolean" },
      "skip-spam": { type: "boolean" },
    },
    async run([given], flags) {
      const format = String(flags.format ?? "");
      if (!isFormat(format)) throw new CliError(`--format must be one of: ${Object.keys(FORMATS).join(", ")}`);
      if (!given) throw new CliError("name the file to import: import --format <format> <file>");
      const file = operatorPath(given);
      if (!existsSync(file)) throw new CliError(`${file}: no such file`);
      const timezone = flags.timezone as string | undefined;
      if (timezone !== undefined && !isZoneName(timezone)) {
        throw new CliError(`--timezone must be an IANA time zone name such as Europe/Berlin, not "${timezone}"`);
      }
      let mapUri: ReturnType<typeof loadUriMap>;
      try {
        const mapFile = flags["map-uris"] as string | undefined;
        mapUri = loadUriMap(mapFile ? operatorPath(mapFile) : undefined);
      } catch (e) {
        throw new CliError((e as Error).message);
      }
      const started = Date.now();
      const progress = terminalProgress();
      const summary = await withStore(rt, ({ db, render }) =>
        importComments(db, {
          format,
          file,
          mapUri,
          render,
          progress,
          timezone,
          dryRun: flags["dry-run"] === true,
          skipInvalid: flags["skip-invalid"] === true,
          skipDeleted: flags["skip-deleted"] === true,
          skipSpam: flags["skip-spam"] === true,
        }),
      ).catch((e) => {
        progress.stop();
        if (e instanceof PagesWouldMerge)
          throw new CliError(`${given}: ${e.message}\n${writeTemplate(file, e.template)}`);
        if (e instanceof InvalidImportFile || e instanceof ImportFileError) {
          throw new CliError(`${given}${e instanceof ImportFileError && !e.at ? ":" : ""} ${e.message}`);
        }
        throw e;
      });
      // Its output may be a log (cron, systemd): what it quotes from the file has its addresses masked.
      for (const bad of summary.invalid) console.error(maskAddresses(`skipped ${bad.at}: ${bad.reason}`));
      for (const w of summary.warnings) console.error(maskAddresses(`recovered ${given} ${w.at}: ${w.message}`));
      console.log(maskAddresses(report(summary, `${given} (${format})`, (Date.now() - started) / 1000).join("\n")));
    },
  };
}

/** Writes the --map-uris template beside the import file (never over an earlier one); says where, or prints it. */
function writeTemplate(file: string, template: string): string {
  let path = `${file}.map-uris.txt`;
  for (let i = 2; existsSync(path); i++) path = `${file}.map-uris-${i}.txt`;
  try {
    writeFileSync(path, template, { flag: "wx" });
    return `A template for --map-uris is in ${path}: give each page its path, then import again with --map-uris ${path}`;
  } catch {
    return `A template for --map-uris (could not write it beside the file):\n${template}`;
  }
}

function report(s: ImportSummary, what: string, seconds: number): string[] {
  const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
  const lines = [
    `read ${s.read} comments from ${what} in ${seconds.toFixed(1)} s${s.dryRun ? " (dry run: nothing written)" : ""}`,
    `${s.dryRun ? "would import" : "imported"} ${s.imported}, already imported ${s.alreadyImported}`,
    `skipped: ${s.invalid.length} invalid, ${s.skippedDeleted} deleted, ${s.skippedSpam} spam`,
  ];
  for (const [reason, n] of Object.entries(s.skipped)) lines.push(`skipped ${plural(n, "comment")} ${reason}`);
  if (!s.dryRun) {
    lines.push(
      `${plural(s.orphans, "reply", "replies")} without a parent in the file became top-level; ${s.threads} pages updated`,
    );
  }
  const merged = s.pages.filter((p) => p.sources > 1);
  lines.push(
    `${plural(s.pages.length, "Parlor page")} from ${s.pages.reduce((n, p) => n + p.sources, 0)} source pages${merged.length ? "; these gather more than one:" : ", one each"}`,
  );
  for (const p of merged) lines.push(`  ${p.uri} ← ${p.sources} source pages`);
  if (s.dryRun) {
    lines.push("would land:");
    for (const l of s.landing) {
      lines.push(
        `  ${l.uri}: ${Object.entries(l.counts)
          .map(([status, n]) => `${n} ${status}`)
          .join(", ")}`,
      );
    }
  }
  const { closed, open } = s.threadStates;
  if (closed || open) lines.push(`${plural(closed, "page")} closed, ${open} kept open, as the source had them`);
  if (s.blocks.added)
    lines.push(`${plural(s.blocks.added, "address", "addresses")} blocked, as the source blocked them`);
  for (const b of s.blocks.notCarried) lines.push(`not blocked: ${b.who} (${b.reason})`);
  if (s.notifyAddresses) lines.push(`${s.notifyAddresses} reply-notification addresses added`);
  return lines;
}
