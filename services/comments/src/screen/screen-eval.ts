// `pnpm --filter @parlor/comments screen:eval [--dev] [--misses] [--markdown] [--file PATH]`
// Prints recall per class and category, false alarms on ordinary talk and mentions apart, on the whole corpus, on
// its held-out part (training-files.ts: HELD_OUT_FILE) and on each part of the training material, then how long screening a
// 10,000-character comment takes.
//   --dev       the training material only, never the held-out part (what to use while changing the screen)
//   --misses    list the training material's sentences the screen got wrong (never a held-out version's, spent or not)
//   --markdown  the table as Markdown, for docs/screen.md
//   --json      only the timings, as JSON (what `pnpm bench` reads)
//   --file P    only the corpus file P, with its misses: a new batch of training sentences, before training on it
import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import {
  corpusParts,
  evaluate,
  formatTable,
  loadCorpus,
  ordinaryProse,
  type PartResult,
  timeScreen,
} from "./evaluate.ts";
import { findRiskDebug } from "./risk.ts";
import { modelScore } from "./risk-model.ts";
import { HELD_OUT_NAME, PRESENT_PARTS } from "./training-files.ts";

const { values: opts } = parseArgs({
  options: {
    dev: { type: "boolean", default: false },
    misses: { type: "boolean", default: false },
    markdown: { type: "boolean", default: false },
    json: { type: "boolean", default: false },
    file: { type: "string" },
  },
});

const out = (line = "") => process.stdout.write(`${line}\n`);
const { training, heldOut } = corpusParts({ heldOut: !opts.dev && !opts.file && !opts.json });

if (opts.json) {
  const prose = ordinaryProse(training.flatMap(([, items]) => items));
  process.stdout.write(`${JSON.stringify({ timings: timeScreen(prose) })}\n`);
  process.exit(0);
}

const listMisses = (title: string, result: PartResult) => {
  out();
  out(`${title} (${result.wrong.length}):`);
  for (const { item, flags } of result.wrong) {
    out(`  ${item.id} ${item.label}/${item.category} [${flags.join(",") || "no flag"}] ${JSON.stringify(item.text)}`);
    // The risk rules that matched, with their weights after negation and jokes, and the model's best window.
    const cues = findRiskDebug(item.text);
    out(`      model ${modelScore(item.text).toFixed(2)}${cues.length > 0 ? `; cues: ${cues.join("; ")}` : ""}`);
  }
};

if (opts.file) {
  const items = loadCorpus(opts.file);
  const result = evaluate(items);
  out(`Screen evaluation of ${opts.file}: ${items.length} sentences`);
  out();
  out(formatTable([["file", result]], opts.markdown));
  if (opts.misses) listMisses("Sentences the screen got wrong", result);
  process.exit(0);
}

const trainingItems = training.flatMap(([, items]) => items);
const parts: [string, PartResult][] = [];
if (heldOut) parts.push(["whole", evaluate([...trainingItems, ...heldOut])], [HELD_OUT_NAME, evaluate(heldOut)]);
const trainingResults = training.map(([name, items]): [string, PartResult] => [name, evaluate(items)]);
parts.push(...trainingResults);

out(
  heldOut
    ? `Screen evaluation: ${trainingItems.length + heldOut.length} sentences (${HELD_OUT_NAME} ${heldOut.length}; ${training.map(([n, i]) => `${n} ${i.length}`).join(", ")})`
    : `Screen evaluation: training material only, ${trainingItems.length} sentences${opts.dev ? "" : " (no held-out file yet)"}`,
);
out();
out(formatTable(parts, opts.markdown));

if (opts.misses) {
  // A spent held-out version is trained on, never printed: its writer was promised it would not be read.
  const spent = new Set(PRESENT_PARTS.filter((part) => part.spent).map((part) => part.name));
  for (const [name, result] of trainingResults) {
    if (!spent.has(name)) listMisses(`${name}: sentences the screen got wrong`, result);
  }
}

out();
const [cpu] = cpus();
out(
  `Time to screen one 10,000-character comment, fastest and median of 100 runs (${cpu?.model.trim() ?? "cpu"}, load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}):`,
);
for (const t of timeScreen(ordinaryProse(trainingItems))) {
  out(
    `  ${t.name.padEnd(28)} fastest ${t.minMs.toFixed(3).padStart(7)} ms   median ${t.medianMs.toFixed(3).padStart(7)} ms`,
  );
}
