import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { TABLE_SIZE, VOCABULARY } from "./features.ts";
import { tokenize } from "./normalise.ts";
import { riskCues } from "./risk.ts";
import { findModelRisk, modelScore, type RiskModel, shippedModel } from "./risk-model.ts";
import { TRAINING_FILES } from "./training-files.ts";

const flat = (bias: number): RiskModel => ({
  weights: new Int8Array(TABLE_SIZE),
  scale: 1,
  bias,
  threshold: 0,
  likely: 0,
  words: new Int8Array(VOCABULARY.length),
  wordScale: 1,
});
const spans = (text: string, model: RiskModel) => {
  const tokens = tokenize(text);
  return findModelRisk(tokens, riskCues(text, tokens), model).map((f) => text.slice(f.start, f.end));
};

describe("the learned risk model", () => {
  it("ships a weight for every slot of the feature table", () => {
    const model = shippedModel();
    expect(model.weights.length).toBe(TABLE_SIZE);
    expect(Number.isFinite(model.threshold)).toBe(true);
  });

  it("reports each sentence it flags as a span of the text, from its first word to its last", () => {
    const text = "First sentence here.  Second one, with more words!\n\nA third.";
    expect(spans(text, flat(1))).toEqual(["First sentence here", "Second one, with more words", "A third"]);
    expect(spans(text, flat(-1))).toEqual([]);
    expect(spans("", flat(1))).toEqual([]);
  });

  it("scores a statement of risk far above ordinary talk with the same words", () => {
    const { threshold } = shippedModel();
    expect(modelScore("my family would be better off if i was dead")).toBeGreaterThan(threshold);
    expect(modelScore("my family would be better off if we all ate less sugar")).toBeLessThan(threshold);
  });

  it("weighs a word no training sentence used as the words near it in meaning weigh (its word vector)", () => {
    const model = shippedModel();
    const corpus = TRAINING_FILES.map((file) => readFileSync(file, "utf8"))
      .join(" ")
      .toLowerCase();
    const weight = (word: string) => model.words[VOCABULARY.indexOf(word)] * model.wordScale;
    // Never in the training material: their weights come from their vectors alone.
    for (const unseen of ["torched", "obesity", "nutritional"])
      expect(corpus).not.toMatch(new RegExp(`\\b${unseen}\\b`));
    // A told act (the plans and preparations of the risk statements) weighs towards risk, clinical talk away from it.
    expect(weight("burned")).toBeGreaterThan(0);
    expect(weight("torched")).toBeGreaterThan(0);
    expect(weight("diabetes")).toBeLessThan(0);
    expect(weight("obesity")).toBeLessThan(0);
    expect(weight("nutritional")).toBeLessThan(0);
  });

  it("stays linear on a long comment", () => {
    const time = (n: number) => {
      const text = "i want to sleep and not wake up. my pills are in the drawer, ".repeat(n);
      const started = performance.now();
      const tokens = tokenize(text);
      findModelRisk(tokens, riskCues(text, tokens));
      return performance.now() - started;
    };
    // The best of three runs of each size: one run preempted by another process (or a GC of what earlier test
    // files left) is noise, not a quadratic. Ten times the text may take 40 times as long; quadratic takes 100.
    const best = (n: number) => Math.min(time(n), time(n), time(n));
    time(200); // warm up
    const small = Math.max(best(200), 1);
    expect(best(2000)).toBeLessThan(40 * small);
  });
});
