// `pnpm --filter @parlor/comments screen:train [--check] [--cv] [--markdown] [--curve writers|sentences]`
// Trains the risk model on the corpus's training material (training-files.ts: dev.jsonl, train.jsonl, train-b.jsonl
// to train-f.jsonl and the spent held-out v1 to v8; never the current held-out part), chooses its
// threshold by cross-validation with one fold per writer, prints the cross-validated numbers and writes
// src/screen/risk-model.weights.ts. Deterministic: the same material gives the same file.
//   --check     write nothing; exit 1 when the committed weights file is not what this run would write
//   --cv        print the cross-validated numbers, write nothing
//   --markdown  the cross-validated table as Markdown (docs/screen.md)
//   --curve M   the learning curve: cross-validated risk recall with 25/50/75/100 % of the other writers (M = writers,
//               --draws N draws of them) or of every other writer's sentences (M = sentences); writes nothing
import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { evaluate, formatTable, HELPLINE, type PartResult } from "./evaluate.ts";
import { maxWindowScore } from "./risk-model.ts";
import { learningCurve, TRAINING, trainOnCorpus } from "./train.ts";
import { PRESENT_PARTS, WEIGHTS_FILE } from "./training-files.ts";

const { values: opts } = parseArgs({
  options: {
    check: { type: "boolean", default: false },
    cv: { type: "boolean", default: false },
    markdown: { type: "boolean", default: false },
    curve: { type: "string" },
    draws: { type: "string", default: "3" },
  },
});
const out = (line = "") => process.stdout.write(`${line}\n`);

if (opts.curve) {
  // The learning curve (docs/screen.md): is more material the limit? --curve writers|sentences [--draws N]
  const mode = opts.curve === "sentences" ? "sentences" : "writers";
  out(`Learning curve by ${mode}: out-of-fold risk recall at ${TRAINING.targetFalseAlarms * 100} % false alarms`);
  const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(1)} %`;
  for (const { share, runs } of learningCurve(mode, [0.25, 0.5, 0.75, 1], Number(opts.draws))) {
    const mean = runs.reduce((s, r) => s + r.riskHits / r.risk, 0) / runs.length;
    const each = runs.map(
      (r) => `${r.riskHits}/${r.risk} ${pct(r.riskHits, r.risk)} (fa ${pct(r.alarms, r.ordinary)})`,
    );
    out(
      `  ${String(share * 100).padStart(3)} %  mean ${(mean * 100).toFixed(1)} %  mean sentences trained ${Math.round(runs.reduce((s, r) => s + r.trained, 0) / runs.length)}  ${each.join("; ")}`,
    );
  }
  process.exit(0);
}

const started = performance.now();
const { items, partOf, writers, all, scores, threshold, likely, model, text } = trainOnCorpus();

if (opts.check) {
  if (readFileSync(WEIGHTS_FILE, "utf8") !== text) {
    out("src/screen/risk-model.weights.ts is stale: run pnpm --filter @parlor/comments screen:train");
    process.exit(1);
  }
  out("src/screen/risk-model.weights.ts is what the training material gives");
  process.exit(0);
}

// Out of fold: each sentence flagged as the screen would flag it with a model trained without its fold.
const flagsOf = new Map(
  all.map((e, i) => {
    const flags: string[] = [];
    if (e.ruleContact) flags.push("contact_details");
    if (e.ruleCrisis || scores[i] >= threshold) flags.push("crisis");
    else if (scores[i] >= likely) flags.push(HELPLINE);
    return [e.item.text, flags];
  }),
);
const screen = (t: string) => flagsOf.get(t) ?? [];
const parts: [string, PartResult][] = [["training material", evaluate(items, screen)]];
for (const part of PRESENT_PARTS) {
  const read = items.filter((item) => partOf.get(item) === part);
  if (read.length > 0) parts.push([part.name, evaluate(read, screen)]);
}
out(
  `Risk model: ${items.length} training sentences; cross-validated by writer, ${writers.length} folds (${writers.join(", ")})`,
);
out(
  `threshold ${threshold.toFixed(3)} (log-odds): false alarms on ordinary talk at most ${TRAINING.targetFalseAlarms * 100} %, out of fold`,
);
out(
  `likely ${likely.toFixed(3)} (log-odds): the helpline shown on at most ${TRAINING.targetHelpline * 100} % of ordinary talk, out of fold`,
);
out();
out(formatTable(parts, opts.markdown));
out();
if (opts.cv) process.exit(0);

writeFileSync(WEIGHTS_FILE, text);
const risk = all.filter((e) => e.item.label === "risk");
const inSample = risk.filter((e) => maxWindowScore(e.units, model) >= threshold).length;
out(
  `wrote src/screen/risk-model.weights.ts (${text.length} bytes) in ${((performance.now() - started) / 1000).toFixed(1)} s; ` +
    `the model alone, in sample: risk ${inSample}/${risk.length}`,
);
