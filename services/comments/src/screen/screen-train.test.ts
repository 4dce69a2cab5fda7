import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { RISK_MODEL } from "./risk-model.weights.ts";
import { inputsDigest, weightsFileWith } from "./train.ts";
import { TRAINING_INPUTS, WEIGHTS_FILE } from "./training-files.ts";

// The shipped weights are generated (screen:train): they must be what the committed training material and code
// give, so that nobody edits the corpus or the features and forgets to retrain, and nobody edits the weights.
describe("the risk model's shipped weights", () => {
  it("were made from the training material and the code as they are now", () => {
    // When this fails: pnpm --filter @parlor/comments screen:train, and commit src/screen/risk-model.weights.ts.
    expect(RISK_MODEL.inputs).toBe(inputsDigest(TRAINING_INPUTS));
  });

  // The final fit only, at the shipped threshold: the cross-validation that chose the threshold is five more fits,
  // too slow for every test run (`screen:train --check` runs the whole of it).
  it("are exactly what training gives again (the trainer is deterministic)", { timeout: 120_000 }, () => {
    expect(weightsFileWith(RISK_MODEL.threshold, RISK_MODEL.likely)).toBe(readFileSync(WEIGHTS_FILE, "utf8"));
  });

  it("stay small", () => {
    expect(readFileSync(WEIGHTS_FILE).length).toBeLessThan(200_000);
  });
});
