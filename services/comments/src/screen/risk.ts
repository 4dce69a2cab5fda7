import { skeleton } from "@parlor/validation/skeleton";
import { CONCEPTS } from "./lexicon.ts";
import { byWord, MAX_WORDS, type Token, tokenize } from "./normalise.ts";
import { type RiskCategory, RULES, type RuleSpec } from "./risk.rules.ts";

// The risk screen: rules written over concepts (lexicon.ts), matched word by word inside a sentence, each with a
// weight. A match is cancelled when the writer negates it ("I'm not suicidal", "never had thoughts of hurting
// myself") or tells an accident ("cut myself shaving"), and halved when it reads as a joke ("lol"). Weak cues add
// up with the others of the same or the neighbouring sentence ("I'm a burden" + "no one would miss me"); a
// comment is flagged when a cue's total reaches 1. Statements about someone else, and clinical or news mentions,
// are still held (the documented policy) and named as mentions.
//
// Time: one pass to tokenize; rules are indexed by their first word, so each word tries only the few rules that
// can start there, each bounded by its length and gaps. Linear in the text.

export type { RiskCategory };

export interface RiskFinding {
  /** `<category>/<rule>`, or `mention/<rule>` when about someone else or clinical. */
  rule: string;
  weight: number;
  /** A word about suicide or self-harm that is held whoever writes it (RuleSpec.policy): flags on its own. */
  policy: boolean;
  /** UTF-16 range in the original text. */
  start: number;
  end: number;
  sentence: number;
}

interface Element {
  words: Set<string>;
  optional: boolean;
  /** Must NOT be the next word (consumes nothing). */
  not: boolean;
  /** Words that may be skipped before this one. */
  gap: number;
}

interface Rule extends Required<Omit<RuleSpec, "pattern" | "notAfter">> {
  notAfter: Set<string> | null;
  notAfterNumber: boolean;
  elements: Element[];
  /** The pattern states the negation itself ("don't want to live"): the negation check does not apply. */
  negated: boolean;
  /** What a match is named: `<category>/<name>`, or `mention/<name>` when about someone else. */
  id: string;
  mentionId: string;
}

const concept = (name: string) => {
  const list = CONCEPTS[name];
  if (!list) throw new Error(`unknown concept ${name}`);
  return list;
};
const setOf = (name: string) => new Set(concept(name).map(skeleton));

const FILLER = setOf("FILLER");
const NEG = setOf("NEG");
const CONTRAST = setOf("CONTRAST");
const ACCIDENT = setOf("ACCIDENT");
const HYPERBOLE = setOf("HYPERBOLE");
const FIRST = setOf("I");
const THIRD = setOf("THIRD");
// "not gonna lie", "no joke", "can't stop thinking": a negation that negates nothing of what follows.
const NOT_A_NEGATION_BEFORE = new Set(
  [
    "lie",
    "joke",
    "joking",
    "kidding",
    "stop",
    "help",
    "wait",
    "sleep",
    "cope",
    "mind",
    "know",
    "knows",
    "knew",
    "care",
  ].map(skeleton),
);
const ASK = new Set(["asked", "asks", "ask", "asking", "question", "screening", "questionnaire"].map(skeleton));
const IF = new Set(["if", "whether"].map(skeleton));
const MAKE = new Set(["make", "makes", "made", "making"].map(skeleton));
const ME = skeleton("me");

/** "This traffic makes me want to die": a causative figure of speech, just before the match. */
function causedBefore(words: Token[], first: number): boolean {
  const sentence = words[first].sentence;
  for (let j = first - 1; j > 0 && j >= first - 4 && words[j].sentence === sentence; j--) {
    if (words[j].w === ME && MAKE.has(words[j - 1].w)) return true;
  }
  return false;
}

const ARTICLES = new Set(["the", "a", "an"]);

function compile(spec: RuleSpec): Rule {
  const elements: Element[] = [];
  let gap = 0;
  let negated = false;
  for (const part of spec.pattern.trim().split(/\s+/)) {
    const gapMatch = /^~(\d)$/.exec(part);
    if (gapMatch) {
      gap = Number(gapMatch[1]);
      continue;
    }
    const not = part.startsWith("!");
    const optional = part.endsWith("?");
    const body = part.replace(/^!/, "").replace(/\?$/, "");
    const set = new Set<string>();
    const alternatives = body.split("|");
    // "dying|the end" reads as two words in a row ("dying or the", then "end"), not as "dying" or "the end": an
    // article closing a list of other words is always that slip.
    const lastWord = alternatives[alternatives.length - 1];
    if (!not && ARTICLES.has(lastWord) && !alternatives.every((a) => ARTICLES.has(a))) {
      throw new Error(`rule ${spec.name}: "${body}" ends with a function word; split the rule`);
    }
    for (const alternative of alternatives) {
      for (const w of /^[A-Z_]+$/.test(alternative) ? concept(alternative) : [alternative]) set.add(skeleton(w));
    }
    // A pattern that says the negation itself ("don't want to live") is not cancelled by it.
    if (!not && [...set].some((w) => NEG.has(w))) negated = true;
    elements.push({ words: set, optional, not, gap });
    gap = 0;
  }
  if (elements[0].optional || elements[0].not) throw new Error(`rule ${spec.name} must start with a word`);
  return {
    category: spec.category,
    name: spec.name,
    weight: spec.weight,
    negatable: spec.negatable ?? !negated,
    accidental: spec.accidental ?? false,
    hyperbole: spec.hyperbole ?? false,
    mention: spec.mention ?? false,
    policy: spec.policy ?? false,
    id: `${spec.category}/${spec.name}`,
    mentionId: `mention/${spec.name}`,
    notAfter: spec.notAfter ? new Set(spec.notAfter.split("|").map(skeleton)) : null,
    notAfterNumber: spec.notAfter === "NUMBER",
    elements,
    negated,
  };
}

const COMPILED = RULES.map(compile);
// For each word, the required elements it satisfies (rule index, element index packed as one number): a comment's
// distinct words mark which rules could match at all, in time proportional to those words.
const REQUIRED_BY_WORD = new Map<string, number[]>();
const REQUIRED_COUNT: number[] = [];
COMPILED.forEach((rule, r) => {
  let required = 0;
  rule.elements.forEach((e, k) => {
    if (e.optional || e.not) return;
    required++;
    for (const w of e.words) {
      const list = REQUIRED_BY_WORD.get(w) ?? [];
      list.push(r * 64 + k);
      REQUIRED_BY_WORD.set(w, list);
    }
  });
  REQUIRED_COUNT.push(required);
});

// Which required elements a sentence has met, stamped with the sentence so the array is never cleared.
const metStamp = new Int32Array(COMPILED.length * 64).fill(-1);
const metCount = new Int32Array(COMPILED.length);
const countStamp = new Int32Array(COMPILED.length).fill(-1);
let stampSeed = 0;

/**
 * Marks, for the sentence of words[from..to), the rules whose every required element has one of its words in
 * that sentence: only those can match there (a match never leaves its sentence). Time proportional to the words.
 */
const requiredBy = byWord((w) => REQUIRED_BY_WORD.get(w));
// The sentence that last met each word: a word met again in the same sentence ("I … I …") marks nothing new.
const wordStamp = new Int32Array(MAX_WORDS).fill(-1);

function markViable(words: Token[], from: number, to: number): number {
  const stamp = stampSeed++;
  for (let j = from; j < to; j++) {
    const n = words[j].n;
    if (n >= 0) {
      if (wordStamp[n] === stamp) continue;
      wordStamp[n] = stamp;
    }
    const ids = requiredBy(words[j]);
    if (!ids) continue;
    for (const id of ids) {
      if (metStamp[id] === stamp) continue;
      metStamp[id] = stamp;
      const r = Math.floor(id / 64);
      if (countStamp[r] !== stamp) {
        countStamp[r] = stamp;
        metCount[r] = 0;
      }
      metCount[r]++;
    }
  }
  return stamp;
}
const viableIn = (stamp: number, r: number) => countStamp[r] === stamp && metCount[r] === REQUIRED_COUNT[r];
const BY_FIRST_WORD = new Map<string, number[]>();
COMPILED.forEach((rule, r) => {
  for (const w of rule.elements[0].words) {
    const list = BY_FIRST_WORD.get(w) ?? [];
    list.push(r);
    BY_FIRST_WORD.set(w, list);
  }
});
const rulesStartingWith = byWord((w) => BY_FIRST_WORD.get(w));
const isFiller = byWord((w) => FILLER.has(w));

/** Where the rule ends when it matches from `first` (an index into the words that count), or -1. */
function matchFrom(rule: Rule, words: Token[], first: number): number {
  let at = first + 1;
  const sentence = words[first].sentence;
  for (let k = 1; k < rule.elements.length; k++) {
    const e = rule.elements[k];
    if (e.not) {
      if (at < words.length && words[at].sentence === sentence && e.words.has(words[at].w)) return -1;
      continue;
    }
    let found = -1;
    for (let j = at; j <= at + e.gap && j < words.length && words[j].sentence === sentence; j++) {
      if (e.words.has(words[j].w)) {
        found = j;
        break;
      }
    }
    if (found < 0) {
      if (e.optional) continue;
      return -1;
    }
    at = found + 1;
  }
  return at - 1;
}

/** A negation in the same clause, a few words before the match, that is not "not gonna lie" or "can't stop". */
function negatedBefore(words: Token[], first: number): boolean {
  const clause = words[first].clause;
  for (let j = first - 1; j >= 0 && j >= first - 6 && words[j].clause === clause; j--) {
    if (CONTRAST.has(words[j].w)) return false;
    if (NEG.has(words[j].w)) {
      // What the negation negates lies between it and the match ("not gonna lie, I want…", "can't stop thinking
      // about…"); words after the match are another thought ("I'm not suicidal, I'm sleep deprived").
      let negatesSomethingElse = false;
      for (let k = j + 1; k < first && k <= j + 3; k++) {
        if (NOT_A_NEGATION_BEFORE.has(words[k].w)) negatesSomethingElse = true;
      }
      if (negatesSomethingElse) continue;
      return true;
    }
    // "asked if I ever wanted to…", "asked me carefully whether…": a question reported, not a statement.
    if (IF.has(words[j].w)) {
      for (let k = j - 1; k >= 0 && k >= j - 3 && words[k].clause === clause; k--) if (ASK.has(words[k].w)) return true;
    }
  }
  return false;
}

const NONE = skeleton("none");
const NO = skeleton("no");
const NEVER = skeleton("never");
const SAID = new Set(["said", "say", "answered", "answer", "ticked", "circled", "put"].map(skeleton));
const OF = skeleton("of");
const LIKE = skeleton("like");
const ANY = new Set(["any", "anything"].map(skeleton));
const NOTHING = skeleton("nothing");
const BE = new Set(["has", "have", "had", "is", "was", "were"].map(skeleton));
const THAT = new Set(["that", "it", "this", "those", "them"].map(skeleton));

// The words of a bare denial: "No.", "I'm not.", "I haven't, ever,", "Never.", "Not at all!", "I said no".
const BARE_DENIAL = new Set(
  ["i", "im", "ive", "id", "no", "nope", "not", "never", "ever", "havent", "hadnt", "didnt", "dont", "wont", "wouldnt"]
    .concat(["at", "all", "said", "answered", "told", "them", "her", "him", "honestly", "truthfully", "of", "course"])
    .concat(["have", "had", "do", "did", "am", "was", "will", "would", "none", "it", "done", "answer", "is"])
    .map(skeleton),
);
const DENIES = new Set(
  ["no", "nope", "not", "never", "havent", "hadnt", "didnt", "dont", "wont", "wouldnt", "none"].map(skeleton),
);

/** A clause made only of a denial, from word `from` to the clause's end: "No.", "I haven't, ever", "never". */
function bareDenial(words: Token[], from: number): boolean {
  const { clause, sentence } = words[from];
  const inClause = (j: number) => j < words.length && words[j].clause === clause && words[j].sentence === sentence;
  let denies = false;
  let j = from;
  for (; inClause(j) && j < from + 5; j++) {
    if (!BARE_DENIAL.has(words[j].w)) return false;
    if (DENIES.has(words[j].w)) denies = true;
  }
  return denies && !inClause(j);
}

/**
 * The writer denies it after the words: "suicidal thoughts are a side effect but I had none (of that)", "they asked
 * about self-harm and I said no, never", "thoughts of harming myself, never", or in the next sentence "haven't had
 * anything like that", "I said no, and I meant it", "I'm not."
 */
function deniedAfter(words: Token[], last: number): boolean {
  const sentence = words[last].sentence;
  const at = (j: number) => words[j]?.w;
  for (let j = last + 1; j < words.length && j <= last + 16 && words[j].sentence <= sentence + 1; j++) {
    const w = words[j].w;
    const next = at(j + 1);
    const ends = j + 1 >= words.length || words[j + 1].clause !== words[j].clause;
    // A clause that is nothing but a denial, right after the words or opening the next sentence.
    const opensClause = words[j - 1].clause !== words[j].clause || words[j - 1].sentence !== words[j].sentence;
    if (opensClause && (words[j].sentence === sentence || words[j - 1].sentence === sentence) && bareDenial(words, j)) {
      return true;
    }
    // "havent had anything like that", "had nothing like that": a denial that points back, even from the next
    // sentence.
    if ((ANY.has(w) || w === NOTHING) && next === LIKE && THAT.has(at(j + 2))) return true;
    if (words[j].sentence !== sentence) continue;
    // Straight after the words: "low mood yes but suicidal no", "self-harm has never been part of it".
    if (j === last + 1 && (w === NO || w === NEVER) && ends) return true;
    if (j === last + 1 && BE.has(w) && DENIES.has(next as string)) return true;
    // In the same sentence: "…but I had none (of that)", "…and I said no, never", "…haven't had any".
    if ((w === NONE || ANY.has(w)) && next === OF && THAT.has(at(j + 2))) return true;
    if ((w === NONE || ANY.has(w)) && ends) return true;
    if (SAID.has(w) && next === NO) return true;
    if (w === NO && next === NEVER) return true;
  }
  return false;
}

const USED = skeleton("used");
const TO = skeleton("to");
const RECOVERED = new Set(
  ["stopped", "quit", "better", "helped", "recovered", "healed", "over", "behind"].map(skeleton),
);

/** "I used to want to die, but therapy helped": a past told as past (just before the match), resolved after it. */
function resolvedInSentence(words: Token[], first: number): boolean {
  const sentence = words[first].sentence;
  let usedTo = false;
  for (let j = first - 1; j > 0 && j >= first - 4 && words[j].sentence === sentence; j--) {
    if (words[j].w === TO && words[j - 1].w === USED) usedTo = true;
  }
  if (!usedTo) return false;
  for (let j = first + 1; j < words.length && j <= first + 16 && words[j].sentence === sentence; j++) {
    if (RECOVERED.has(words[j].w)) return true;
  }
  return false;
}

function sentenceHas(words: Token[], first: number, set: Set<string>): boolean {
  const sentence = words[first].sentence;
  for (let j = first; j >= 0 && words[j].sentence === sentence; j--) if (set.has(words[j].w)) return true;
  for (let j = first + 1; j < words.length && words[j].sentence === sentence; j++) if (set.has(words[j].w)) return true;
  return false;
}

/** Who the statement is about: the nearest person word before it in the sentence; the writer when none. */
function aboutSomeoneElse(words: Token[], first: number): boolean {
  const sentence = words[first].sentence;
  for (let j = first - 1; j >= 0 && j >= first - 8 && words[j].sentence === sentence; j--) {
    if (FIRST.has(words[j].w)) return false;
    if (THIRD.has(words[j].w)) return true;
  }
  return false;
}

/** Every match before the weights are added up (for tuning: `tsx` a script that prints it). */
export function findRiskDebug(text: string) {
  return collect(text, tokenize(text)).map((f) => `${f.rule}:${f.weight}@${text.slice(f.start, f.end)}`);
}

/** Every rule that matches, with its weight after negation, accidents and jokes are taken into account. */
export function riskCues(text: string, tokens: readonly Token[] = tokenize(text)): RiskFinding[] {
  return collect(text, tokens);
}

function collect(text: string, tokens: readonly Token[]): RiskFinding[] {
  // Fillers are skipped so rules need not allow for them; sentence scans stay linear because each is bounded.
  const words = tokens.filter((t) => !isFiller(t));
  const findings: RiskFinding[] = [];
  const sentenceScans = new Map<string, boolean>();
  const perSentence = new Map<string, number>();
  const cached = (key: string, compute: () => boolean) => {
    let v = sentenceScans.get(key);
    if (v === undefined) {
      v = compute();
      sentenceScans.set(key, v);
    }
    return v;
  };
  // A rule can match only if each word it requires is in the sentence: most rules drop out at once.
  // (Marked when the sentence's first word that begins a rule is met: a sentence with none is never marked.)
  let stamp = -1;
  let sentenceStart = 0;
  let sentenceEnd = 0;
  for (let i = 0; i < words.length; i++) {
    if (i >= sentenceEnd) {
      sentenceStart = i;
      sentenceEnd = i;
      while (sentenceEnd < words.length && words[sentenceEnd].sentence === words[i].sentence) sentenceEnd++;
      stamp = -1;
    }
    const rules = rulesStartingWith(words[i]);
    if (!rules) continue;
    if (stamp < 0) stamp = markViable(words, sentenceStart, sentenceEnd);
    for (const r of rules) {
      if (!viableIn(stamp, r)) continue;
      const rule = COMPILED[r];
      const last = matchFrom(rule, words, i);
      if (last < 0) continue;
      if (rule.notAfter && i > 0 && words[i - 1].sentence === words[i].sentence) {
        const before = words[i - 1];
        if (rule.notAfter.has(before.w) || (rule.notAfterNumber && /^\d/.test(text.slice(before.start, before.end)))) {
          continue;
        }
      }
      if (rule.negatable && (negatedBefore(words, i) || deniedAfter(words, last))) continue;
      if (resolvedInSentence(words, i)) continue;
      const s = words[i].sentence;
      if (rule.accidental && cached(`a${s}`, () => sentenceHas(words, i, ACCIDENT))) continue;
      let weight = rule.weight;
      if (rule.hyperbole && (cached(`h${s}`, () => sentenceHas(words, i, HYPERBOLE)) || causedBefore(words, i))) {
        weight /= 2;
      }
      // A comment that repeats one phrase a thousand times needs a few of them to decide, not a thousand.
      const key = `${rule.name}@${s}`;
      const seen = perSentence.get(key) ?? 0;
      if (seen >= 4) continue;
      perSentence.set(key, seen + 1);
      const mention = rule.mention || aboutSomeoneElse(words, i);
      findings.push({
        rule: mention ? rule.mentionId : rule.id,
        weight,
        policy: rule.policy,
        start: words[i].start,
        end: words[last].end,
        sentence: s,
      });
    }
  }
  return findings;
}

/**
 * The cues of risk in a text whose weight, with the other cues of the same or a neighbouring sentence, reaches 1.
 * `tokens` are the text's (tokenize), when the caller has them already.
 */
export function findRisk(
  text: string,
  tokens: readonly Token[] = tokenize(text),
  findings: readonly RiskFinding[] = collect(text, tokens),
): RiskFinding[] {
  // Weak cues count together within a sentence of each other, each rule once (its strongest match), and only cues
  // read in other words: two rules that read the same words are one piece of evidence.
  const bySentence = new Map<number, RiskFinding[]>();
  for (const f of findings) {
    const list = bySentence.get(f.sentence) ?? [];
    list.push(f);
    bySentence.set(f.sentence, list);
  }
  const flagged: RiskFinding[] = [];
  for (const f of findings) {
    if (f.weight >= 1) {
      flagged.push(f);
      continue;
    }
    const best = new Map<string, number>([[f.rule, f.weight]]);
    for (let s = f.sentence - 1; s <= f.sentence + 1; s++) {
      for (const g of bySentence.get(s) ?? []) {
        // The same evidence: both start at the same word, or one reads within the other.
        if (g.start === f.start || (g.start >= f.start && g.end <= f.end) || (f.start >= g.start && f.end <= g.end)) {
          continue;
        }
        best.set(g.rule, Math.max(best.get(g.rule) ?? 0, g.weight));
      }
    }
    let total = 0;
    for (const weight of best.values()) total += weight;
    if (total >= 1) flagged.push(f);
  }
  return flagged;
}

export function hasRisk(text: string): boolean {
  return findRisk(text).length > 0;
}
