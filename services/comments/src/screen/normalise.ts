import { skeleton, skeletonText } from "@parlor/validation/skeleton";
import { VARIANTS } from "./lexicon.ts";

// Text as the risk screen reads it: words folded to their skeletons (case, look-alike letters, fullwidth, accents,
// invisible characters and letter-by-letter spelling make no difference; "don't" is "dont"), common misspellings
// read as the word meant, each word remembering where it was written (UTF-16 offsets into the Markdown body) and
// which sentence and clause it belongs to.

export interface Token {
  /**
   * The word's number: the same for the same `w` in every comment this process reads, so that the screen's tables
   * are arrays indexed by it rather than maps (wordNumber); -1 once MAX_WORDS words have been numbered.
   */
  n: number;
  /** The word's skeleton, misspellings corrected. */
  w: string;
  /** UTF-16 range of the word in the original text. */
  start: number;
  end: number;
  /** Sentences end at . ! ? ; and line breaks; clauses also at , : ( ) and dashes. */
  sentence: number;
  clause: number;
}

const variants = new Map(Object.entries(VARIANTS).map(([from, to]) => [skeleton(from), skeleton(to)]));
// Long words worth recognising with one letter wrong, dropped, doubled or swapped ("suicdie", "myselff").
const NEAR = ["suicide", "suicidal", "myself", "overdose", "unalive", "yourself", "himself", "herself"].map(skeleton);

function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (i === a.length && i === b.length) return true;
  if (a.length === b.length) {
    // one substitution, or two neighbours swapped
    return (
      a.slice(i + 1) === b.slice(i + 1) || (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2))
    );
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

// Corrections are looked up often and cost little to keep: remember them, up to a bound.
const corrected = new Map<string, { w: string; n: number }>();
const numbers = new Map<string, number>();
/** How many distinct words are numbered; a comment of invented words past it costs map look-ups, not memory. */
export const MAX_WORDS = 50_000;

function correct(word: string): { w: string; n: number } {
  let c = corrected.get(word);
  if (c === undefined) {
    const w = correctOnce(word);
    let n = numbers.get(w);
    if (n === undefined) {
      n = numbers.size < MAX_WORDS ? numbers.size : -1;
      if (n >= 0) numbers.set(w, n);
    }
    c = { w, n };
    if (corrected.size < MAX_WORDS) corrected.set(word, c);
  }
  return c;
}

/**
 * A table indexed by word number, filled on first use: `lookup(w)` is asked once per word, and each time for words
 * past MAX_WORDS.
 */
export function byWord<T>(lookup: (w: string) => T): (token: Token) => T {
  // Allocated whole, so the array never turns sparse (and slow) when words are first met out of order.
  const table: T[] = new Array(MAX_WORDS);
  const known = new Uint8Array(MAX_WORDS);
  return (token) => {
    if (token.n < 0) return lookup(token.w);
    if (known[token.n] === 1) return table[token.n];
    const value = lookup(token.w);
    table[token.n] = value;
    known[token.n] = 1;
    return value;
  };
}

function correctOnce(word: string): string {
  const variant = variants.get(word);
  if (variant) return variant;
  if (word.length >= 6 && word.length <= 11) {
    for (const near of NEAR) if (near !== word && near[0] === word[0] && withinOneEdit(word, near)) return near;
  }
  return word;
}

// 0: nothing; 1: ends a clause (, : ( ) – — and a spaced hyphen); 2: ends a sentence (. ! ? ; line break … 。).
function boundary(text: string, from: number, to: number): 0 | 1 | 2 {
  let found: 0 | 1 | 2 = 0;
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c === 46 || c === 33 || c === 63 || c === 59 || c === 10 || c === 0x2026 || c === 0x3002) return 2;
    if (c === 44 || c === 58 || c === 40 || c === 41 || c === 0x2013 || c === 0x2014) found = 1;
    else if (c === 45 && k > from && k + 1 < to && text.charCodeAt(k - 1) === 32 && text.charCodeAt(k + 1) === 32) {
      found = 1;
    }
  }
  return found;
}

export function tokenize(text: string): Token[] {
  const s = skeletonText(text);
  const tokens: Token[] = [];
  let sentence = 0;
  let clause = 0;
  let previousEnd = 0;
  let segment = 0; // words since the last sentence punctuation
  let from = 0;
  while (from < s.text.length) {
    let to = s.text.indexOf(" ", from);
    if (to < 0) to = s.text.length;
    const start = s.starts[from];
    const end = s.ends[to - 1];
    if (tokens.length > 0 && start > previousEnd) {
      const gap = boundary(text, previousEnd, start);
      if (gap === 2) {
        // A one-word "sentence" is emphasis ("KILL. MY. SELF."), not the end of a thought.
        if (segment > 1) {
          sentence++;
          clause++;
        }
        segment = 0;
      } else if (gap === 1) clause++;
    }
    const { w, n } = correct(s.text.slice(from, to));
    tokens.push({ n, w, start, end, sentence, clause });
    segment++;
    previousEnd = end;
    from = to + 1;
  }
  return tokens;
}

/** Text as the contact screen reads it: each character NFKC-folded (fullwidth digits are digits), invisible ones dropped, Markdown escapes undone; with each character's UTF-16 range in the original. */
export interface MappedText {
  text: string;
  starts: Uint32Array;
  ends: Uint32Array;
}

// Format characters (zero-width space/joiner, soft hyphen, bidi marks, BOM), fillers, variation selectors.
// (Combining marks, U+034F and the variation selectors, stand outside the class: inside one they would combine.)
const INVISIBLE = /^(?:[\p{Cf}\u115f\u1160\u3164\uffa0]|\u034f|\p{Variation_Selector})$/u;
const MAX_NFKC = 4; // a few characters expand to many (U+FDFA to 18): past this one stands for itself

function computeFoldForContacts(codePoint: number): string {
  const c = String.fromCodePoint(codePoint);
  const f = INVISIBLE.test(c) ? "" : c.normalize("NFKC");
  return f.length > MAX_NFKC ? c : f;
}

// Each character's fold, computed once. For the Basic Multilingual Plane, in typed arrays (a long comment costs an
// index per character, not a hash): FOLD_AT[unit] is 0 while unknown, else the fold's place in foldUnits times 8
// plus its length plus one. The other planes' folds are in a map.
const FOLD_AT = new Int32Array(0x10000);
let foldUnits = new Uint16Array(1 << 10);
let foldUnitsUsed = 0;
const astralFolds = new Map<number, string>();

function learnFold(unit: number): number {
  const f = computeFoldForContacts(unit);
  if (foldUnitsUsed + f.length > foldUnits.length) {
    const grown = new Uint16Array(foldUnits.length * 2);
    grown.set(foldUnits);
    foldUnits = grown;
  }
  for (let k = 0; k < f.length; k++) foldUnits[foldUnitsUsed + k] = f.charCodeAt(k);
  FOLD_AT[unit] = foldUnitsUsed * 8 + f.length + 1;
  foldUnitsUsed += f.length;
  return FOLD_AT[unit];
}

function astralFold(codePoint: number): string {
  let f = astralFolds.get(codePoint);
  if (f === undefined) {
    f = computeFoldForContacts(codePoint);
    astralFolds.set(codePoint, f);
  }
  return f;
}

const MARKDOWN_ESCAPABLE = /[!-/:-@[-`{-~]/;

// The first `n` code units as a string, lone surrogates kept (a TextDecoder would replace them): Node's UTF-16
// decoding copies the units as they are, far faster than String.fromCharCode over them. The typed array is in the
// machine's byte order, so a big-endian machine takes the slow way.
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
function unitsToString(units: Uint16Array, n: number): string {
  if (LITTLE_ENDIAN) return Buffer.from(units.buffer, units.byteOffset, n * 2).toString("utf16le");
  let out = "";
  for (let from = 0; from < n; from += 8192) {
    out += String.fromCharCode.apply(null, units.subarray(from, Math.min(n, from + 8192)) as unknown as number[]);
  }
  return out;
}
/** Buffers for texts of up to 64k characters are kept between calls (2.6 MB); a longer text's are dropped after it. */
const KEEP_AT_MOST = 1 << 18;

// Scratch space for contactText, grown when a text needs more and reused: allocating (and zeroing) four times the
// text's length on every call cost more than the folding itself. What a call returns is copied out of it.
let scratchUnits = new Uint16Array(1 << 12);
let scratchStarts = new Uint32Array(1 << 12);
let scratchEnds = new Uint32Array(1 << 12);

// Offsets 0, 1, 2…: what every character of a text that folds to itself maps to (starts; ends are one further on).
let identity = Uint32Array.from({ length: 1 << 12 }, (_, i) => i);
// Anything that may fold to something else: a character outside ASCII, or a backslash (a Markdown escape).
const MAY_FOLD = /[^\0-[\]-\x7f]/;

export function contactText(text: string): MappedText {
  if (!MAY_FOLD.test(text)) {
    // Plain ASCII without escapes, most comments: the text is its own fold, each character in its own place.
    let offsets = identity;
    if (offsets.length < text.length + 1) {
      offsets = Uint32Array.from({ length: Math.max(text.length + 1, identity.length * 2) }, (_, i) => i);
      if (offsets.length <= KEEP_AT_MOST) identity = offsets;
    }
    return { text, starts: offsets.subarray(0, text.length), ends: offsets.subarray(1, text.length + 1) };
  }
  const capacity = text.length * MAX_NFKC + 1;
  if (scratchStarts.length < capacity) {
    scratchUnits = new Uint16Array(capacity);
    scratchStarts = new Uint32Array(capacity);
    scratchEnds = new Uint32Array(capacity);
  }
  const units = scratchUnits;
  const starts = scratchStarts;
  const ends = scratchEnds;
  let n = 0;
  let same = true; // every unit so far is the original's own, in its place
  for (let i = 0; i < text.length; ) {
    const unit = text.charCodeAt(i);
    // Markdown backslash escapes: "555\-1234" renders as "555-1234", so screen what the reader will see.
    if (unit === 92 && i + 1 < text.length && MARKDOWN_ESCAPABLE.test(text[i + 1])) {
      same = false;
      i++;
      continue;
    }
    if (unit < 128) {
      starts[n] = i;
      ends[n] = i + 1;
      units[n] = unit;
      n++;
      i++;
      continue;
    }
    if (unit < 0xd800 || unit > 0xdfff) {
      // One unit of the Basic Multilingual Plane.
      const at = FOLD_AT[unit] || learnFold(unit);
      const length = (at & 7) - 1;
      const from = at >>> 3;
      if (length !== 1 || foldUnits[from] !== unit) same = false;
      for (let k = 0; k < length; k++) {
        starts[n] = i;
        ends[n] = i + 1;
        units[n] = foldUnits[from + k];
        n++;
      }
      i++;
      continue;
    }
    const cp = text.codePointAt(i) as number;
    if (cp <= 0xffff) {
      // A lone surrogate stands for itself.
      starts[n] = i;
      ends[n] = i + 1;
      units[n] = unit;
      n++;
      i++;
      continue;
    }
    const f = astralFold(cp);
    if (f.length !== 2) same = false;
    for (let k = 0; k < f.length; k++) {
      starts[n] = i;
      ends[n] = i + 2;
      units[n] = f.charCodeAt(k);
      if (units[n] !== text.charCodeAt(i + k)) same = false;
      n++;
    }
    i += 2;
  }
  // Most comments fold to themselves: no need to build the string again.
  const out = same && n === text.length ? text : unitsToString(units, n);
  const mapped = { text: out, starts: starts.slice(0, n), ends: ends.slice(0, n) };
  // A rare long text (an import of a whole site) does not keep its buffers alive after it.
  if (capacity > KEEP_AT_MOST) {
    scratchUnits = new Uint16Array(1 << 12);
    scratchStarts = new Uint32Array(1 << 12);
    scratchEnds = new Uint32Array(1 << 12);
  }
  return mapped;
}
