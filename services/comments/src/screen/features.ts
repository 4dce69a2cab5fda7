import { skeleton } from "@parlor/validation/skeleton";
import { CONCEPTS } from "./lexicon.ts";
import type { Token } from "./normalise.ts";

// What the learned risk model (risk-model.ts) reads: the words of a comment cut into short units (a sentence, or a
// piece of a long one), each unit a set of hashed features. The trainer (train.ts) and the screen call the same
// code, so the model is scored on exactly what it was trained on.
//
// Features of each word, within its unit:
//   the word and the pair it makes with the word before (both as the screen's tokens read them: skeletons,
//     misspellings corrected, "don't" as "dont");
//   the word's letters four at a time ("<sui", "suic", … "dal>"), so a word misspelled in a way never seen still
//     shares most of its features with the word meant;
//   the lexicon's concepts (DESIRE, DIE, KILL, SELF, BURDEN…), and pairs of concepts at most four words apart
//     ("want … die" and "wish … dead" are both DESIRE>DIE);
//   a word or concept inside a negation's reach (three words after "not", "never", "don't"… in the same clause)
//     is a different feature from the same word outside it;
//   each concept joined with who was last named before it in the unit: the writer (I, me, my), someone else
//     (she, my brother, patients) or nobody.
// Every feature is hashed into a table of 2^TABLE_BITS weights: no vocabulary to ship, and unknown words cost
// nothing. Time: a word's own features are computed once and remembered, so a comment costs a few table look-ups
// a word.

export const TABLE_BITS = 16;
export const TABLE_SIZE = 1 << TABLE_BITS;
const MASK = TABLE_SIZE - 1;
/** Longest unit, in words: a longer sentence is cut, and neighbouring units are also scored together. */
export const MAX_UNIT = 24;
/** How far a negation reaches, in words. */
const NEG_REACH = 3;
/** How far apart two concepts may be to make a pair. */
const PAIR_REACH = 4;
/** How far back the last person named is looked for. */
const PERSON_REACH = 8;

/** Which kinds of feature are read (all, in the shipped model; the trainer's experiments switch them). */
export const FEATURE_KINDS = {
  skips: false,
  stems: false,
  cues: true,
  letters: true,
  pairs: true,
  concepts: true,
  conceptPairs: true,
  person: true,
  unit: true,
};

const FEATURE = {
  word: 1,
  negatedWord: 2,
  pair: 3,
  concept: 4,
  negatedConcept: 5,
  conceptPair: 6,
  personConcept: 7,
  letters: 8,
  unit: 9,
  rule: 10,
  ruleCategory: 11,
  skip: 12,
  stem: 13,
} as const;

/** A match of a rule of risk.rules.ts (risk.ts's cues), read as a feature of the unit it starts in. */
export interface Cue {
  /** UTF-16 offset of the first word: a token's start. */
  start: number;
  /** `<category>/<name>` or `mention/<name>`. */
  rule: string;
  weight: number;
}

const cueSlots = new Map<string, number[]>();

function cueFeatures(cue: Cue): number[] {
  const key = `${cue.rule}@${cue.weight}`;
  let ids = cueSlots.get(key);
  if (!ids) {
    const category = cue.rule.slice(0, cue.rule.indexOf("/"));
    ids = [
      slot(mix(hashString(cue.rule), FEATURE.rule)),
      slot(mix(hashString(`${category}@${Math.round(cue.weight * 4)}`), FEATURE.ruleCategory)),
    ];
    cueSlots.set(key, ids);
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
  /** Table slots of the word alone, and of the word negated. */
  word: number;
  negatedWord: number;
  stem: number;
  letters: number[];
  conceptSlots: number[];
  negatedConceptSlots: number[];
  isI: boolean;
  isThird: boolean;
  isNeg: boolean;
  isContrast: boolean;
}

const infos = new Map<string, WordInfo>();

/** A light suffix stripping: "wishing", "wished", "wishes" are all "wish". */
function stemOf(w: string): string {
  for (const suffix of ["ingly", "ing", "edly", "ed", "es", "s", "ly"]) {
    if (w.length - suffix.length >= 3 && w.endsWith(suffix)) return w.slice(0, w.length - suffix.length);
  }
  return w;
}

function wordInfo(w: string): WordInfo {
  let info = infos.get(w);
  if (info) return info;
  const hash = hashString(w);
  const concepts = CONCEPT_INDEX.get(w) ?? [];
  const letters: number[] = [];
  if (w.length >= 3) {
    const padded = `<${w}>`;
    // A long run of one letter (a hostile comment's "aaaa…") gives the same few grams: that is fine, they dedupe.
    for (let k = 0; k + 4 <= padded.length && k < 24; k++) {
      letters.push(slot(mix(hashString(padded.slice(k, k + 4)), FEATURE.letters)));
    }
  }
  info = {
    hash,
    concepts,
    word: slot(mix(hash, FEATURE.word)),
    negatedWord: slot(mix(hash, FEATURE.negatedWord)),
    stem: slot(mix(hashString(stemOf(w)), FEATURE.stem)),
    letters,
    conceptSlots: concepts.map((c) => slot(mix(c, FEATURE.concept))),
    negatedConceptSlots: concepts.map((c) => slot(mix(c, FEATURE.negatedConcept))),
    isI: concepts.includes(I_CONCEPT),
    isThird: concepts.includes(THIRD_CONCEPT),
    isNeg: concepts.includes(NEG_CONCEPT),
    isContrast: concepts.includes(CONTRAST_CONCEPT),
  };
  if (infos.size < 50_000) infos.set(w, info);
  return info;
}

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
}

// Which slots the current unit already holds, stamped with the unit so the array is never cleared.
const seen = new Int32Array(TABLE_SIZE).fill(-1);
let stamp = 0;

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

/** The units of the tokens and their features; `cues` (in the order of the text) are the rules' matches. */
export function featurize(tokens: readonly Token[], cues: readonly Cue[] = []): Units {
  const bounds = unitBounds(tokens);
  const count = bounds.length - 1;
  // At most: per word, word + pair + letters (24) + 3 per concept + pairs; bounded by a generous multiple.
  let ids = new Int32Array(Math.max(64, tokens.length * 24));
  let n = 0;
  const featureStart = new Int32Array(count + 1);
  const tokenFrom = new Int32Array(count);
  const tokenTo = new Int32Array(count);
  const push = (id: number) => {
    if (seen[id] === stamp) return;
    seen[id] = stamp;
    if (n === ids.length) {
      const grown = new Int32Array(ids.length * 2);
      grown.set(ids);
      ids = grown;
    }
    ids[n++] = id;
  };
  // Recent concept occurrences in the unit, for the pairs: [concept, position].
  const recent: number[] = [];
  let cue = 0;
  for (let u = 0; u < count; u++) {
    stamp = (stamp + 1) | 0;
    const from = bounds[u];
    const to = bounds[u + 1];
    featureStart[u] = n;
    tokenFrom[u] = from;
    tokenTo[u] = to;
    recent.length = 0;
    let negatedUntil = -1;
    let person = 0; // 0 nobody, 1 the writer, 2 someone else
    let personAt = -1;
    let clause = -1;
    let previous = 0;
    let hasI = false;
    let hasThird = false;
    for (let i = from; i < to; i++) {
      const t = tokens[i];
      const info = wordInfo(t.w);
      if (t.clause !== clause) {
        clause = t.clause;
        negatedUntil = -1;
      }
      if (info.isContrast) negatedUntil = -1;
      const negated = i <= negatedUntil;
      push(negated ? info.negatedWord : info.word);
      if (i > from && FEATURE_KINDS.pairs) push(slot(mix(mix(previous, info.hash), FEATURE.pair)));
      if (FEATURE_KINDS.skips && i > from + 1) {
        push(slot(mix(mix(wordInfo(tokens[i - 2].w).hash, info.hash), FEATURE.skip)));
      }
      if (FEATURE_KINDS.stems) push(info.stem);
      previous = info.hash;
      if (FEATURE_KINDS.letters) for (const id of info.letters) push(id);
      if (person !== 0 && i - personAt > PERSON_REACH) person = 0;
      for (let c = 0; c < info.concepts.length; c++) {
        const concept = info.concepts[c];
        if (FEATURE_KINDS.concepts) push(negated ? info.negatedConceptSlots[c] : info.conceptSlots[c]);
        if (FEATURE_KINDS.person) push(slot(mix(person * 64 + concept, FEATURE.personConcept)));
        for (let r = 0; FEATURE_KINDS.conceptPairs && r < recent.length; r += 2) {
          if (i - recent[r + 1] <= PAIR_REACH && recent[r] !== concept) {
            push(slot(mix(recent[r] * 64 + concept, FEATURE.conceptPair)));
          }
        }
      }
      for (const concept of info.concepts) recent.push(concept, i);
      // Keep the pairs' look-back bounded: drop what is out of reach.
      while (recent.length > 0 && i - recent[1] > PAIR_REACH) recent.splice(0, 2);
      if (recent.length > 32) recent.splice(0, recent.length - 32);
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
      if (FEATURE_KINDS.cues) for (const id of cueFeatures(cues[cue])) push(id);
    }
    if (FEATURE_KINDS.unit) push(slot(mix(hasI ? (hasThird ? 3 : 1) : hasThird ? 2 : 0, FEATURE.unit)));
  }
  featureStart[count] = n;
  return { ids: ids.subarray(0, n), featureStart, tokenFrom, tokenTo, count };
}
