import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

// The corpus files, in one place: what the risk model is made from (screen-train.ts), what its weights file
// records the digest of (risk-model.weights.ts), and what screen:eval measures. The held-out part is never trained
// on.

const corpus = (name: string) => fileURLToPath(new URL(`../../test/screen-corpus/${name}`, import.meta.url));

/** The held-out part: written by someone else, never read by whoever changes the screen, never trained on. */
export const HELD_OUT_FILE = corpus("heldout-v2.jsonl");

/** The training material, by part: the development part, the spent held-out v1, the training set. */
export const TRAINING_PARTS: readonly [name: string, file: string][] = [
  ["dev", corpus("dev.jsonl")],
  ["v1 (spent)", corpus("heldout.jsonl")],
  ["train", corpus("train.jsonl")],
];

/** The training files that exist. */
export const TRAINING_FILES: readonly string[] = TRAINING_PARTS.map(([, file]) => file).filter((f) => existsSync(f));

/** Everything that decides the weights: the corpus files, and the code that reads them or flags beside them. */
export const TRAINING_INPUTS: readonly string[] = [
  ...TRAINING_FILES,
  ...[
    "features.ts",
    "train.ts",
    "normalise.ts",
    "lexicon.ts",
    "risk.ts",
    "risk.rules.ts",
    "contact-details.ts",
    "../../../../packages/validation/src/skeleton/skeleton.ts",
  ].map((name) => fileURLToPath(new URL(name, import.meta.url))),
];

export const WEIGHTS_FILE = fileURLToPath(new URL("./risk-model.weights.ts", import.meta.url));
