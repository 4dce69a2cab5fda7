import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

// The corpus files, in one place: what the risk model is made from (screen-train.ts), what its weights file
// records the digest of (risk-model.weights.ts), and what screen:eval measures. The held-out part is never trained
// on.

const corpus = (name: string) => fileURLToPath(new URL(`../../test/screen-corpus/${name}`, import.meta.url));

/**
 * The held-out part: written by someone else, never read by whoever changes the screen, never trained on. v9, wired in
 * when the screen of this round was finished (v8 is spent: run once at aeef747, then trained on).
 */
export const HELD_OUT_FILE: string | null = corpus("heldout-v9.jsonl");
/** Its name in screen:eval's table and the docs. */
export const HELD_OUT_NAME = "held-out v9";

/** A part of the training material: its name, its file, and who wrote it (the cross-validation keeps writers apart). */
export interface TrainingPart {
  name: string;
  file: string;
  writer: string;
  /** A spent held-out version: trained on, but `screen:eval --misses` never prints its sentences. */
  spent?: true;
}

/**
 * The training material, by part: what the screen's authors wrote (the development part and the training set), the
 * spent held-out v1 to v8, and the training sets written by more engineers who never read the screen (train-b,
 * train-c, train-d, train-e, train-f). v3 to v8 were each run once as the held-out part, then spent: their sentences may be read.
 */
export const TRAINING_PARTS: readonly TrainingPart[] = [
  { name: "dev", file: corpus("dev.jsonl"), writer: "the screen's authors" },
  { name: "v1 (spent)", file: corpus("heldout.jsonl"), writer: "held-out v1's writer", spent: true },
  { name: "v2 (spent)", file: corpus("heldout-v2.jsonl"), writer: "held-out v2's writer", spent: true },
  { name: "train", file: corpus("train.jsonl"), writer: "the screen's authors" },
  { name: "train-b", file: corpus("train-b.jsonl"), writer: "train-b's writer" },
  { name: "train-c", file: corpus("train-c.jsonl"), writer: "train-c's writer" },
  { name: "v3 (spent)", file: corpus("heldout-v3.jsonl"), writer: "held-out v3's writer" },
  { name: "v4 (spent)", file: corpus("heldout-v4.jsonl"), writer: "held-out v4's writer" },
  { name: "v5 (spent)", file: corpus("heldout-v5.jsonl"), writer: "held-out v5's writer" },
  { name: "v6 (spent)", file: corpus("heldout-v6.jsonl"), writer: "held-out v6's writer" },
  { name: "v7 (spent)", file: corpus("heldout-v7.jsonl"), writer: "held-out v7's writer" },
  { name: "train-d", file: corpus("train-d.jsonl"), writer: "train-d's writer" },
  { name: "v8 (spent)", file: corpus("heldout-v8.jsonl"), writer: "held-out v8's writer" },
  { name: "train-e", file: corpus("train-e.jsonl"), writer: "train-e's writer" },
  { name: "train-f", file: corpus("train-f.jsonl"), writer: "train-f's writer" },
];

/** The training parts whose files exist. */
export const PRESENT_PARTS: readonly TrainingPart[] = TRAINING_PARTS.filter((part) => existsSync(part.file));

/** The training files that exist. */
export const TRAINING_FILES: readonly string[] = PRESENT_PARTS.map((part) => part.file);

/** Everything that decides the weights: the corpus files, and the code that reads them or flags beside them. */
export const TRAINING_INPUTS: readonly string[] = [
  ...TRAINING_FILES,
  corpus("word-vectors/vectors.i8"),
  ...[
    "features.ts",
    "train.ts",
    "training-files.ts",
    "normalise.ts",
    "lexicon.ts",
    "risk.ts",
    "risk.rules.ts",
    "contact-details.ts",
    "word-vectors.vocabulary.ts",
    "../../../../packages/validation/src/skeleton/skeleton.ts",
  ].map((name) => fileURLToPath(new URL(name, import.meta.url))),
];

/** The word vectors the model is trained with (screen-vectors.ts makes them): int8, in the vocabulary's order. */
export const VECTORS_FILE = corpus("word-vectors/vectors.i8");
/** Their words, which the screen reads too. */
export const VOCABULARY_FILE = fileURLToPath(new URL("./word-vectors.vocabulary.ts", import.meta.url));

export const WEIGHTS_FILE = fileURLToPath(new URL("./risk-model.weights.ts", import.meta.url));
