import { skeleton } from "@parlor/validation/skeleton";
import { CONCEPTS } from "./lexicon.ts";
import { byWord, type Token } from "./normalise.ts";
import { WORD_VECTORS } from "./word-vectors.vocabulary.ts";

// What the learned risk model (risk-model.ts) reads: the words of a comment cut into short units (a sentence, or a
// piece of a long one), each unit a set of hashed features. The trainer (train.ts) and the screen call the same
// code, so the model is scored on exactly what it was trained on.
//
// Features of each word, within its unit:
//   the word and the pair it makes with the word before (both as the screen's tokens read them: skeletons,
//     misspellings corrected, "don't" as "dont");
//   the letters of a word of four letters or more, four at a time ("<sui", "suic", … "dal>"), so a word misspelled
//     in a way never seen still shares most of its features with the word meant;
//   the lexicon's concepts (DESIRE, DIE, KILL, SELF, BURDEN…), so that "want" and "wish", "die" and "dead" share
//     features (pairs of concepts a few words apart were tried and dropped: they added cost and no recall);
//   a word or concept inside a negation's reach (three words after "not", "never", "don't"… in the same clause)
//     is a different feature from the same word outside it;
//   each concept joined with who was last named before it in the unit: the writer (I, me, my), someone else
//     (she, my brother, patients) or nobody;
//   the rules' matches that start in the unit (each rule, and its category with the weight it kept after negations
//     and jokes), and whether the unit names the writer, someone else, both or neither;
//   the sum of the unit's words' vectors (word-vectors.vocabulary.ts: 20,000 common English words, pre-trained on
//     general text), so that a word no training sentence used weighs what the words near it in meaning weigh. The
//     model being linear, that part of a unit's score is the sum of one weight per word (its vector times the
//     vectors' weights), which is what ships: a unit records its words' places in the vocabulary.
// A feature counts once per unit, however often it is read there (its naive-Bayes value, train.ts, is folded into
// its weight).
// Every feature is hashed into a table of 2^TABLE_BITS weights: no vocabulary to ship, and unknown words cost
// nothing. Time: a word's own features are computed once and remembered, so a comment costs a few table look-ups
// a word.

export const TABLE_BITS = 16;
export const TABLE_SIZE = 1 << TABLE_BITS;
const MASK = TABLE_SIZE - 1;
/** Longest unit, in words: a longer sentence is cut, and neighbouring units are also scored together. */
export const MAX_UNIT = 24;
/** How many neighbouring units a window holds: a unit alone, or with the next. */
export const WINDOW = 2;
/** How far a negation reaches, in words. */
const NEG_REACH = 3;
/** How far back the last person named is looked for. */
const PERSON_REACH = 8;

const FEATURE = {
  word: 1,
  negatedWord: 2,
  pair: 3,
  concept: 4,
  negatedConcept: 5,
  // 6 was the pairs of concepts, dropped; the numbers stay, so the weights stay where they were.
  personConcept: 7,
  letters: 8,
  unit: 9,
  rule: 10,
  ruleCategory: 11,
} as const;

/** A match of a rule of risk.rules.ts (risk.ts's cues), read as a feature of the unit it starts in. */
export interface Cue {
  /** UTF-16 offset of the first word: a token's start. */
  start: number;
  /** `<category>/<name>` or `mention/<name>`. */
  rule: string;
  weight: number;
}

// Per rule: its own slot, then its category's slot for each weight in quarters (0, 0.25 … 1).
const cueSlots = new Map<string, Int32Array>();

function cueSlotsOf(rule: string): Int32Array {
  let ids = cueSlots.get(rule);
  if (!ids) {
    const category = rule.slice(0, rule.indexOf("/"));
    ids = Int32Array.from([
      slot(mix(hashString(rule), FEATURE.rule)),
      ...[0, 1, 2, 3, 4].map((quarter) => slot(mix(hashString(`${category}@${quarter}`), FEATURE.ruleCategory))),
    ]);
    if (cueSlots.size < 10_000) cueSlots.set(rule, ids);
  }
  return ids;
}

/** A 32-bit mix of two numbers (the murmur3 finaliser over them). */
function mix(a: number, b: number): number {
  let h = Math.imul(a ^ Math.imul(b, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a of a string's UTF-16 code units. */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const slot = (h: number) => h & MASK;

/** The vocabulary of the word vectors, in their order. */
export const VOCABULARY: readonly string[] = WORD_VECTORS.words.split(" ");
const vocabulary = new Map(VOCABULARY.map((w, k) => [w, k]));
/** A word's place in the vocabulary, or -1. */
const vocabIndex = byWord((w: string): number => vocabulary.get(w) ?? -1);

// Concepts the model reads: the lexicon's, less those that only steer the rules.
const MODEL_CONCEPTS = Object.keys(CONCEPTS).filter((name) => name !== "FILLER");
const CONCEPT_INDEX = new Map<string, number[]>();
MODEL_CONCEPTS.forEach((name, index) => {
  for (const word of CONCEPTS[name]) {
    const w = skeleton(word);
    const list = CONCEPT_INDEX.get(w) ?? [];
    if (!list.includes(index)) list.push(index);
    CONCEPT_INDEX.set(w, list);
  }
});
const I_CONCEPT = MODEL_CONCEPTS.indexOf("I");
const THIRD_CONCEPT = MODEL_CONCEPTS.indexOf("THIRD");
const NEG_CONCEPT = MODEL_CONCEPTS.indexOf("NEG");
const CONTRAST_CONCEPT = MODEL_CONCEPTS.indexOf("CONTRAST");

interface WordInfo {
  hash: number;
  concepts: number[];
  /**
   * Its own table slots, whatever the words around it: the word, its letters four at a time, its concepts, each
   * concept joined with who was named last. Indexed by negated (0, 1) * 3 + person (nobody 0, the writer 1, someone
   * else 2).
   */
  own: Int32Array[];
  isI: boolean;
  isThird: boolean;
  isNeg: boolean;
  isContrast: boolean;
}

const wordInfo = byWord((w: string): WordInfo => {
  const hash = hashString(w);
  const concepts = CONCEPT_INDEX.get(w) ?? [];
  const letters: number[] = [];
  // Words of three letters or fewer are their own feature already; their letters would add cost and no reach.
  // (From four letters on, cross-validated by writer: 84.0 % of the risk statements against 82.8 % from five; from
  // three, 83.7 %.)
  if (w.length >= 4) {
    const padded = `<${w}>`;
    // A long run of one letter (a hostile comment's "aaaa…") gives the same few grams: that is fine, they dedupe.
    for (let k = 0; k + 4 <= padded.length && k < 24; k++) {
      letters.push(slot(mix(hashString(padded.slice(k, k + 4)), FEATURE.letters)));
    }
  }
  const own: Int32Array[] = [];
  for (const negated of [false, true]) {
    for (const person of [0, 1, 2]) {
      own.push(
        Int32Array.from([
          slot(mix(hash, negated ? FEATURE.negatedWord : FEATURE.word)),
          ...letters,
          ...concepts.map((c) => slot(mix(c, negated ? FEATURE.negatedConcept : FEATURE.concept))),
          ...concepts.map((c) => slot(mix(person * 64 + c, FEATURE.personConcept))),
        ]),
      );
    }
  }
  return {
    hash,
    concepts,
    own,
    isI: concepts.includes(I_CONCEPT),
    isThird: concepts.includes(THIRD_CONCEPT),
    isNeg: concepts.includes(NEG_CONCEPT),
    isContrast: concepts.includes(CONTRAST_CONCEPT),
  };
});

/** The units of a comment: token ranges, and the features of each as a range of `ids`. */
export interface Units {
  /** Table slots, unit after unit, each unit's without repeats. */
  ids: Int32Array;
  /** Unit k's features are ids[featureStart[k] .. featureStart[k + 1]). */
  featureStart: Int32Array;
  /** Unit k is tokens[tokenFrom[k] .. tokenTo[k]). */
  tokenFrom: Int32Array;
  tokenTo: Int32Array;
  count: number;
  /** Unit k's words that the vocabulary holds (their places in it, repeats kept) are words[wordStart[k] .. wordStart[k + 1]). */
  words: Int32Array;
  wordStart: Int32Array;
}

/** The units of a comment scored: each unit's sum of int8 weights over its features. */
export interface ScoredUnits {
  sums: Int32Array;
  /** Each unit's sum of its words' own weights (the word vectors' part), in their own scale. */
  wordSums: Int32Array;
  tokenFrom: Int32Array;
  tokenTo: Int32Array;
  count: number;
}

// Which slots the current unit already holds, stamped with the unit; cleared when the stamp wraps. Bytes, like the
// weights, so that the two tables the screen reads at random stay small enough for the processor's caches.
const seen = new Uint8Array(TABLE_SIZE);
let stamp = 0;

function nextStamp(): void {
  stamp = (stamp + 1) & 0xff;
  if (stamp === 0) {
    seen.fill(0);
    stamp = 1;
  }
}

// The unit that last read each slot, when screening: two-byte marks, so the table is cleared once every 65,535 units.
const marks = new Uint16Array(TABLE_SIZE);
let mark = 0;

function nextMark(): number {
  mark = (mark + 1) & 0xffff;
  if (mark === 0) {
    marks.fill(0);
    mark = 1;
  }
  return mark;
}

/** Cuts the tokens into units: sentences, a long one in pieces of at most MAX_UNIT words. */
function unitBounds(tokens: readonly Token[]): number[] {
  const bounds: number[] = [0];
  let from = 0;
  while (from < tokens.length) {
    let to = from + 1;
    while (to < tokens.length && tokens[to].sentence === tokens[from].sentence) to++;
    const n = to - from;
    const pieces = Math.ceil(n / MAX_UNIT);
    for (let p = 1; p <= pieces; p++) bounds.push(from + Math.round((n * p) / pieces));
    from = to;
  }
  return bounds;
}

// The features of the last comment read, unit after unit; grown when a comment needs more, never shrunk.
let buffer = new Int32Array(1 << 14);
let wordBuffer = new Int32Array(1 << 12);

/**
 * Each unit's features, once each: kept in `buffer` (no weights: the trainer's), or summed over the int8 weights
 * (the screen's). `onUnit` is called after each unit with its token range, the features kept so far and its sum.
 */
function walk(
  tokens: readonly Token[],
  cues: readonly Cue[],
  weights: Int8Array | null,
  wordWeights: Int8Array | null,
  onUnit: (from: number, to: number, kept: number, sum: number, words: number, wordSum: number) => void,
): number {
  const bounds = unitBounds(tokens);
  const count = bounds.length - 1;
  let kept = 0;
  let sum = 0;
  let words = 0;
  let wordSum = 0;
  const keep = (id: number) => {
    if (seen[id] === stamp) return;
    seen[id] = stamp;
    if (kept === buffer.length) {
      const grown = new Int32Array(buffer.length * 2);
      grown.set(buffer);
      buffer = grown;
    }
    buffer[kept++] = id;
  };
  let unitMark = 0;
  const score = (id: number) => {
    if (marks[id] === unitMark) return;
    marks[id] = unitMark;
    sum += (weights as Int8Array)[id];
  };
  const push = weights ? score : keep;
  let cue = 0;
  for (let u = 0; u < count; u++) {
    if (weights) unitMark = nextMark();
    else nextStamp();
    const from = bounds[u];
    const to = bounds[u + 1];
    sum = 0;
    wordSum = 0;
    let negatedUntil = -1;
    let person = 0; // 0 nobody, 1 the writer, 2 someone else
    let personAt = -1;
    let clause = -1;
    let previous = 0;
    let hasI = false;
    let hasThird = false;
    for (let i = from; i < to; i++) {
      const t = tokens[i];
      const info = wordInfo(t);
      if (t.clause !== clause) {
        clause = t.clause;
        negatedUntil = -1;
      }
      if (info.isContrast) negatedUntil = -1;
      if (person !== 0 && i - personAt > PERSON_REACH) person = 0;
      const own = info.own[(i <= negatedUntil ? 3 : 0) + person];
      for (let k = 0; k < own.length; k++) push(own[k]);
      if (i > from) push(slot(mix(mix(previous, info.hash), FEATURE.pair)));
      const v = vocabIndex(t);
      if (v >= 0) {
        if (wordWeights) wordSum += wordWeights[v];
        else {
          if (words === wordBuffer.length) {
            const grown = new Int32Array(wordBuffer.length * 2);
            grown.set(wordBuffer);
            wordBuffer = grown;
          }
          wordBuffer[words++] = v;
        }
      }
      previous = info.hash;
      if (info.isNeg) negatedUntil = i + NEG_REACH;
      if (info.isI) {
        person = 1;
        personAt = i;
        hasI = true;
      } else if (info.isThird) {
        person = 2;
        personAt = i;
        hasThird = true;
      }
    }
    // The rules' matches that start in this unit.
    const unitEnd = to < tokens.length ? tokens[to].start : Number.POSITIVE_INFINITY;
    for (; cue < cues.length && cues[cue].start < unitEnd; cue++) {
      const ids = cueSlotsOf(cues[cue].rule);
      push(ids[0]);
      push(ids[1 + Math.max(0, Math.min(4, Math.round(cues[cue].weight * 4)))]);
    }
    push(slot(mix(hasI ? (hasThird ? 3 : 1) : hasThird ? 2 : 0, FEATURE.unit)));
    onUnit(from, to, kept, sum, words, wordSum);
  }
  return count;
}

/** The units of the tokens and their features; `cues` (in the order of the text) are the rules' matches. */
export function featurize(tokens: readonly Token[], cues: readonly Cue[] = []): Units {
  const starts: number[] = [0];
  const wordStarts: number[] = [0];
  const from: number[] = [];
  const to: number[] = [];
  const count = walk(tokens, cues, null, null, (f, t, kept, _, words) => {
    starts.push(kept);
    wordStarts.push(words);
    from.push(f);
    to.push(t);
  });
  return {
    ids: buffer.slice(0, starts[count]),
    featureStart: Int32Array.from(starts),
    tokenFrom: Int32Array.from(from),
    tokenTo: Int32Array.from(to),
    count,
    words: wordBuffer.slice(0, wordStarts[count]),
    wordStart: Int32Array.from(wordStarts),
  };
}

/**
 * Each unit's sum of the int8 weights of its features, and of its words' own weights: what the screen scores,
 * without keeping the features.
 */
export function scoreUnits(
  tokens: readonly Token[],
  cues: readonly Cue[],
  weights: Int8Array,
  wordWeights: Int8Array,
): ScoredUnits {
  const sums: number[] = [];
  const wordSums: number[] = [];
  const from: number[] = [];
  const to: number[] = [];
  const count = walk(tokens, cues, weights, wordWeights, (f, t, _, sum, __, wordSum) => {
    sums.push(sum);
    wordSums.push(wordSum);
    from.push(f);
    to.push(t);
  });
  return {
    sums: Int32Array.from(sums),
    wordSums: Int32Array.from(wordSums),
    tokenFrom: Int32Array.from(from),
    tokenTo: Int32Array.from(to),
    count,
  };
}
