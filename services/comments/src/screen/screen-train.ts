// `pnpm --filter @parlor/comments screen:train [--check] [--cv]`
// Trains the risk model on the corpus's training material (dev.jsonl, heldout.jsonl: the spent held-out v1, and
// train.jsonl; never heldout-v2.jsonl), chooses its threshold by cross-validation, prints the cross-validated
// numbers and writes src/screen/risk-model.weights.ts. Deterministic: the same material gives the same file.
//   --check  write nothing; exit 1 when the committed weights file is not what this run would write
//   --cv     cross-validate and print, write nothing
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { CATEGORIES, LABELS, loadCorpus } from "./evaluate.ts";
import { maxWindowScore } from "./risk-model.ts";
import {
  chooseThreshold,
  crossValidate,
  type Example,
  examples,
  fit,
  inputsDigest,
  quantize,
  TRAINING,
  weightsFile,
} from "./train.ts";
import { TRAINING_FILES, TRAINING_INPUTS, WEIGHTS_FILE } from "./training-files.ts";

const { values: opts } = parseArgs({
  options: { check: { type: "boolean", default: false }, cv: { type: "boolean", default: false } },
});
const out = (line = "") => process.stdout.write(`${line}\n`);

const items = TRAINING_FILES.flatMap((file) => loadCorpus(fileURLToPath(file)));
const all = examples(items);
const started = performance.now();
const scores = crossValidate(all);
const threshold = chooseThreshold(all, scores, TRAINING.targetFalseAlarms);

if (!opts.check) {
  out(`Risk model: ${items.length} training sentences, ${TRAINING.folds}-fold cross-validation`);
  out(
    `threshold ${threshold.toFixed(3)} (log-odds): false alarms on ordinary talk at most ${TRAINING.targetFalseAlarms * 100} %, out of fold`,
  );
  out();
  out("cross-validated, the whole screen (rules, contact patterns, model out of fold):");
  report(
    all,
    (e, i) => e.ruleCrisis || scores[i] >= threshold,
    (e) => e.ruleContact,
  );
  out();
  out("the model alone, out of fold:");
  report(
    all,
    (_, i) => scores[i] >= threshold,
    () => false,
  );
  out();
}

if (opts.cv) process.exit(0);

const model = quantize(fit(all));
const text = weightsFile(model, threshold, inputsDigest(TRAINING_INPUTS));
if (opts.check) {
  const committed = readFileSync(WEIGHTS_FILE, "utf8");
  if (committed !== text) {
    out("src/screen/risk-model.weights.ts is stale: run pnpm --filter @parlor/comments screen:train");
    process.exit(1);
  }
  out("src/screen/risk-model.weights.ts is what the training material gives");
  process.exit(0);
}
writeFileSync(WEIGHTS_FILE, text);
const inSample = all.filter((e) => e.item.label === "risk" && maxWindowScore(e.units, model) >= threshold).length;
out(
  `wrote src/screen/risk-model.weights.ts (${text.length} bytes) in ${((performance.now() - started) / 1000).toFixed(1)} s; ` +
    `the model alone, in sample: risk ${inSample}/${all.filter((e) => e.item.label === "risk").length}`,
);

function report(
  list: readonly Example[],
  crisis: (e: Example, i: number) => boolean,
  contact: (e: Example, i: number) => boolean,
) {
  for (const label of LABELS) {
    const line = (name: string, pick: (e: Example) => boolean) => {
      let n = 0;
      let hits = 0;
      list.forEach((e, i) => {
        if (!pick(e)) return;
        n++;
        const c = crisis(e, i);
        const k = contact(e, i);
        if (label === "contact" ? k : label === "ordinary" ? c || k : c) hits++;
      });
      if (n > 0)
        out(`  ${name.padEnd(28)} ${`${hits}/${n}`.padStart(9)} ${((100 * hits) / n).toFixed(1).padStart(5)} %`);
    };
    line(label, (e) => e.item.label === label);
    for (const category of CATEGORIES[label]) {
      line(`  ${category}`, (e) => e.item.label === label && e.item.category === category);
    }
  }
}
