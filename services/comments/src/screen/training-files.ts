import { existsSync } from "node:fs";

// What the risk model is made from (screen-train.ts) and what its weights file records the digest of
// (risk-model.weights.ts), in one place. The held-out part, heldout-v2.jsonl, is never among them.

const corpus = (name: string) => new URL(`../../test/screen-corpus/${name}`, import.meta.url);

/** The corpus files the model trains on: the development part, the spent held-out v1, the training set. */
export const TRAINING_FILES: readonly URL[] = ["dev.jsonl", "heldout.jsonl", "train.jsonl"]
  .map(corpus)
  .filter((file) => existsSync(file));

/** Everything that decides the weights: the corpus files, and the code that reads them or flags beside them. */
export const TRAINING_INPUTS: readonly URL[] = [
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
  ].map((name) => new URL(name, import.meta.url)),
];

export const WEIGHTS_FILE = new URL("./risk-model.weights.ts", import.meta.url);
