import { existsSync } from "node:fs";
import { type CliCommand, CliError } from "@parlor/kit";
import type { Runtime } from "../config.ts";
import { FORMATS, isFormat } from "../transfer/formats/index.ts";
import { ImportFileError } from "../transfer/import.types.ts";
import { InvalidImportFile, importComments } from "../transfer/importer.ts";
import { loadUriMap } from "../transfer/uri-map.ts";
import { operatorPath } from "./paths.ts";
import { terminalProgress } from "./progress.ts";
import { withStore } from "./store.ts";

const formats = Object.entries(FORMATS)
  .map(([name, f]) => `  ${name.padEnd(10)} ${f.what}`)
  .join("\n");

export function importCommand(rt: Runtime): CliCommand {
  return {
    summary: "import comments from Disqus, WordPress, Isso, Remark42, Waline or a Parlor export",
    usage: `import --format <format> [--map-uris <file>] [--skip-invalid] [--skip-deleted] [--skip-spam] <file>

formats:
${formats}

The file is checked whole first; a malformed file or an invalid record stops the import before anything is
written, naming the line or element. --skip-invalid imports the valid records and lists each skipped one.
Thread addresses become paths (origin, query and fragment dropped); --map-uris names a file of
"<old address> <new path>" lines that win over that rule. Importing the same file again adds nothing.
--skip-deleted and --skip-spam leave deleted and spam comments out (by default they come in as such).`,
    options: {
      format: { type: "string", short: "f" },
      "map-uris": { type: "string" },
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
          skipInvalid: flags["skip-invalid"] === true,
          skipDeleted: flags["skip-deleted"] === true,
          skipSpam: flags["skip-spam"] === true,
        }),
      ).catch((e) => {
        progress.stop();
        if (e instanceof InvalidImportFile || e instanceof ImportFileError) throw new CliError(`${given} ${e.message}`);
        throw e;
      });
      for (const bad of summary.invalid) console.error(`skipped ${bad.at}: ${bad.reason}`);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(
        [
          `read ${summary.read} comments from ${given} (${format}) in ${seconds} s`,
          `imported ${summary.imported}, already imported ${summary.alreadyImported}`,
          `skipped: ${summary.invalid.length} invalid, ${summary.skippedDeleted} deleted, ${summary.skippedSpam} spam`,
          `${summary.orphans} ${summary.orphans === 1 ? "reply" : "replies"} without a parent in the file became top-level; ${summary.threads} pages updated`,
          ...(summary.notifyAddresses ? [`${summary.notifyAddresses} reply-notification addresses added`] : []),
        ].join("\n"),
      );
    },
  };
}
