// `pnpm --filter @parlor/comments screen:eval [--dev] [--misses] [--markdown]`
// Prints recall per class and category, false alarms on ordinary talk and mentions apart, on the whole corpus and
// on its held-out part, then how long screening a 10,000-character comment takes.
//   --dev       the development part only (what to use while changing the screen)
//   --misses    list the development sentences the screen got wrong (never the held-out ones: they stay unread)
//   --markdown  the table as Markdown, for docs/screen.md
//   --json      only the timings, as JSON (what `pnpm bench` reads)
import { existsSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import {
  type CorpusItem,
  evaluate,
  formatTable,
  loadCorpus,
  ordinaryProse,
  type PartResult,
  timeScreen,
} from "./evaluate.ts";
import { findRiskDebug } from "./risk.ts";

const { values: opts } = parseArgs({
  options: {
    dev: { type: "boolean", default: false },
    misses: { type: "boolean", default: false },
    markdown: { type: "boolean", default: false },
    json: { type: "boolean", default: false },
  },
});

if (opts.json) {
  const corpus = loadCorpus(fileURLToPath(new URL("../../test/screen-corpus/dev.jsonl", import.meta.url)));
  process.stdout.write(`${JSON.stringify({ timings: timeScreen(ordinaryProse(corpus)) })}\n`);
  process.exit(0);
}

const corpusFile = (name: string) => fileURLToPath(new URL(`../../test/screen-corpus/${name}.jsonl`, import.meta.url));
const dev = loadCorpus(corpusFile("dev"));
const heldOutFile = corpusFile("heldout");
const heldOut: CorpusItem[] | null = opts.dev || !existsSync(heldOutFile) ? null : loadCorpus(heldOutFile);

const parts: [string, PartResult][] = [];
const devResult = evaluate(dev);
if (heldOut) {
  parts.push(["whole", evaluate([...dev, ...heldOut])], ["held-out", evaluate(heldOut)]);
}
parts.push(["dev", devResult]);

const out = (line = "") => process.stdout.write(`${line}\n`);
out(
  heldOut
    ? `Screen evaluation: ${dev.length + heldOut.length} sentences (dev ${dev.length}, held-out ${heldOut.length})`
    : `Screen evaluation: development part only, ${dev.length} sentences${opts.dev ? "" : " (no held-out file yet)"}`,
);
out();
out(formatTable(parts, opts.markdown));

if (opts.misses) {
  out();
  out(`Development sentences the screen got wrong (${devResult.wrong.length}):`);
  for (const { item, flags } of devResult.wrong) {
    out(`  ${item.id} ${item.label}/${item.category} [${flags.join(",") || "no flag"}] ${JSON.stringify(item.text)}`);
    // The risk rules that matched, with their weights after negation and jokes: why it stayed under 1, or reached it.
    const cues = findRiskDebug(item.text);
    if (cues.length > 0) out(`      cues: ${cues.join("; ")}`);
  }
}

out();
const [cpu] = cpus();
out(
  `Time to screen one 10,000-character comment, fastest and median of 100 runs (${cpu?.model.trim() ?? "cpu"}, load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}):`,
);
for (const t of timeScreen(ordinaryProse(dev))) {
  out(
    `  ${t.name.padEnd(28)} fastest ${t.minMs.toFixed(3).padStart(7)} ms   median ${t.medianMs.toFixed(3).padStart(7)} ms`,
  );
}
