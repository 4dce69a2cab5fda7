import { type Cue, featurize, scoreUnits, TABLE_BITS, TABLE_SIZE, type Units, VOCABULARY, WINDOW } from "./features.ts";
import { type Token, tokenize } from "./normalise.ts";
import { riskCues } from "./risk.ts";
import { RISK_MODEL } from "./risk-model.weights.ts";

// The learned half of the risk screen: a logistic regression over the features of features.ts, trained offline by
// `pnpm --filter @parlor/comments screen:train` (train.ts) and shipped as risk-model.weights.ts. It scores every
// unit of a comment (a sentence, or a piece of a long one) alone and with its neighbour, and flags the comment
// when a score reaches the threshold chosen by cross-validation. Linear in the text: each unit's features are
// summed once, each window adds two sums.

/** The weights as they ship: int8 values, each times `scale`. */
export interface Weights {
  weights: Int8Array;
  scale: number;
  bias: number;
  /** Each word of the vectors' vocabulary: its own weight (its vector times the vectors' weights), int8, times `wordScale`. */
  words: Int8Array;
  wordScale: number;
}

export interface RiskModel extends Weights {
  /** Log-odds a window must reach to flag. */
  threshold: number;
  /**
   * Log-odds at which the model is unsure but the statement is likely enough that the reader is shown the helpline
   * (the comment is not held for it): below `threshold`.
   */
  likely: number;
}

export interface ModelFinding {
  /** UTF-16 range in the original text: the unit, or the two units, that scored. */
  start: number;
  end: number;
  /** The window's log-odds. */
  score: number;
}

let shipped: RiskModel | null = null;

/** The model of risk-model.weights.ts, decoded on first use. */
export function shippedModel(): RiskModel {
  if (!shipped) {
    const bytes = Buffer.from(RISK_MODEL.weights, "base64");
    const words = Buffer.from(RISK_MODEL.words, "base64");
    if (RISK_MODEL.tableBits !== TABLE_BITS || bytes.length !== TABLE_SIZE || words.length !== VOCABULARY.length) {
      throw new Error("risk model: the weights do not fit the features; run screen:train");
    }
    shipped = {
      weights: new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length),
      scale: RISK_MODEL.scale,
      bias: RISK_MODEL.bias,
      threshold: RISK_MODEL.threshold,
      likely: RISK_MODEL.likely,
      words: new Int8Array(words.buffer, words.byteOffset, words.length),
      wordScale: RISK_MODEL.wordScale,
    };
  }
  return shipped;
}

/** The highest window score of a comment (a unit alone, or two neighbours together), for the trainer. */
export function maxWindowScore(units: Units, model: Weights): number {
  const sums = new Float64Array(units.count);
  for (let u = 0; u < units.count; u++) {
    let s = 0;
    for (let k = units.featureStart[u]; k < units.featureStart[u + 1]; k++) s += model.weights[units.ids[k]];
    let w = 0;
    for (let k = units.wordStart[u]; k < units.wordStart[u + 1]; k++) w += model.words[units.words[k]];
    sums[u] = s * model.scale + w * model.wordScale;
  }
  let best = Number.NEGATIVE_INFINITY;
  for (let u = 0; u < units.count; u++) {
    let s = model.bias;
    for (let k = 0; k < WINDOW && u + k < units.count; k++) {
      s += sums[u + k];
      best = Math.max(best, s);
    }
  }
  return best;
}

// A comment of a thousand risky sentences needs a few reasons, not a thousand.
const MAX_FINDINGS = 20;

/** The windows of a comment whose score reaches the threshold, as spans of the text (overlapping ones merged). */
export function findModelRisk(
  tokens: readonly Token[],
  cues: readonly Cue[],
  model: RiskModel = shippedModel(),
): ModelFinding[] {
  return readModelRisk(tokens, cues, model).findings;
}

/** The windows that reach the threshold (findModelRisk), and the highest window score (log-odds), for the helpline. */
export function readModelRisk(
  tokens: readonly Token[],
  cues: readonly Cue[],
  model: RiskModel = shippedModel(),
): { findings: ModelFinding[]; best: number } {
  if (tokens.length === 0) return { findings: [], best: Number.NEGATIVE_INFINITY };
  const units = scoreUnits(tokens, cues, model.weights, model.words);
  const unitSum = (u: number) => units.sums[u] * model.scale + units.wordSums[u] * model.wordScale;
  const score = (u: number) => model.bias + unitSum(u);
  const findings: ModelFinding[] = [];
  const add = (from: number, to: number, value: number) => {
    const start = tokens[units.tokenFrom[from]].start;
    const end = tokens[units.tokenTo[to] - 1].end;
    const last = findings[findings.length - 1];
    if (last && start <= last.end) {
      last.end = Math.max(last.end, end);
      last.score = Math.max(last.score, value);
    } else if (findings.length < MAX_FINDINGS) {
      findings.push({ start, end, score: value });
    }
  };
  let best = Number.NEGATIVE_INFINITY;
  for (let u = 0; u < units.count; u++) {
    const alone = score(u);
    best = Math.max(best, alone, u + 1 < units.count ? alone + unitSum(u + 1) : alone);
    if (alone >= model.threshold) add(u, u, alone);
    else if (u + 1 < units.count && score(u + 1) < model.threshold) {
      // Two units flag together only when neither does alone: the reason is then both of them.
      const both = alone + unitSum(u + 1);
      if (both >= model.threshold) add(u, u + 1, both);
    }
  }
  return { findings, best };
}

/** The model's highest window score for a text (log-odds; it flags at `threshold`), for tuning. */
export function modelScore(text: string, model: RiskModel = shippedModel()): number {
  const tokens = tokenize(text);
  if (tokens.length === 0) return Number.NEGATIVE_INFINITY;
  return maxWindowScore(featurize(tokens, riskCues(text, tokens)), model);
}
