import { CONFUSABLES } from "./confusables.data.ts";

// UTS #39 §4 defines skeleton(X) as NFD, then each character replaced by its prototype from confusables.txt, then
// NFD again: two strings that look alike get the same skeleton. For comparing what people type we go further, so
// that case, fullwidth and styled letters, accents and invisible characters make no difference either: NFKD,
// lower case, prototypes, marks dropped, repeated until nothing changes (a prototype may be a capital or carry a
// mark). The result is a key for comparing, never for showing: "m" becomes "rn" and "0" becomes "o". Case is
// folded before the prototypes are looked up, so "KILL" and "kill" agree; the price is that a capital I and a
// small l stay apart (UTS #39 alone would fold "I" to "l" but leave "KILL" and "kill" apart).

const PROTOTYPES = new Map<number, string>(CONFUSABLES);
// Default_Ignorable_Code_Point: zero-width characters, joiners, soft hyphen, variation selectors, fillers.
const DROPPED = /[\p{M}\p{Default_Ignorable_Code_Point}]/gu;
// A few characters fold to long strings (U+FDFA to 18 letters, Hangul syllables to their jamo); past this many
// UTF-16 units a character stands for itself, so no text grows more than fourfold.
const MAX_FOLD = 4;

function step(s: string): string {
  let out = "";
  for (const c of s.normalize("NFKD").toLowerCase().replace(DROPPED, "")) {
    out += PROTOTYPES.get(c.codePointAt(0) as number) ?? c;
  }
  return out.normalize("NFKD").replace(DROPPED, "").toLowerCase();
}

enum Kind {
  Empty,
  Word,
  Separator,
  Apostrophe,
  Mixed,
}
interface Folded {
  text: string;
  /** Only the letters, digits and symbols of `text`: what `skeleton` keeps. */
  kept: string;
  kind: Kind;
}
const WORD = /[\p{L}\p{N}]/u;
const KEPT = /[\p{L}\p{N}\p{S}]/u;
const APOSTROPHES = new Set(["'", "\u2019", "\u02bc", "`", "\u00b4", "\u2018"]);
const folds = new Map<number, Folded>();

function computeFold(codePoint: number): Folded {
  let text = String.fromCodePoint(codePoint);
  for (let i = 0; i < 4; i++) {
    const next = step(text);
    if (next === text) break;
    text = next;
  }
  if (text.length > MAX_FOLD) text = String.fromCodePoint(codePoint).toLowerCase();
  const chars = [...text];
  const kept = chars.filter((c) => KEPT.test(c)).join("");
  const words = chars.filter((c) => WORD.test(c)).length;
  const kind =
    text === ""
      ? Kind.Empty
      : APOSTROPHES.has(text)
        ? Kind.Apostrophe
        : words === chars.length
          ? Kind.Word
          : words === 0
            ? Kind.Separator
            : Kind.Mixed;
  return { text, kept, kind };
}

const ascii: Folded[] = Array.from({ length: 128 }, (_, cp) => computeFold(cp));

// The Basic Multilingual Plane's folds are found by index, not by hash (a long text costs one look-up a
// character): BMP_FOLD[codePoint] is 0 while unknown, else one more than the fold's place in bmpFolds. The other
// planes' folds are in the map.
const BMP_FOLD = new Int32Array(0x10000);
const bmpFolds: Folded[] = [];

function fold(codePoint: number): Folded {
  if (codePoint < 128) return ascii[codePoint];
  if (codePoint < 0x10000) {
    const at = BMP_FOLD[codePoint];
    if (at > 0) return bmpFolds[at - 1];
    const f = computeFold(codePoint);
    bmpFolds.push(f);
    BMP_FOLD[codePoint] = bmpFolds.length;
    return f;
  }
  let f = folds.get(codePoint);
  if (f === undefined) {
    f = computeFold(codePoint);
    folds.set(codePoint, f);
  }
  return f;
}

/** What one code point folds to: "" for marks and invisible characters, sometimes several characters ("ﬃ" → "ffi"). */
export function foldCodePoint(codePoint: number): string {
  return fold(codePoint).text;
}

/**
 * The comparison key of a short text (a name, a blocked word): two texts that look alike to a reader get the same
 * skeleton. Look-alike letters of other scripts, fullwidth and mathematical letters, case and accents are folded,
 * and the spacing and punctuation between letters are dropped, so every line below gives `"rnoderator"`:
 *
 *   skeleton("Moderator"); skeleton("ＭＯＤＥＲＡＴＯＲ"); skeleton("Mоdеrаtоr" /* Cyrillic о, е, а *\/);
 *   skeleton("M o d e r a t o r"); skeleton("m.o.d.e.r.a.t.o.r"); skeleton("Mod\u200Berator"); skeleton("Mödërätör");
 *
 * Use it only to compare (is this name the moderator's? is this a blocked word?), never to refuse a name written
 * in another script, and never show it: it is not meant to be read ("m" folds to "rn", "0" to "o", "1" to "l").
 */
export function skeleton(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i) as number;
    if (cp > 0xffff) i++;
    out += fold(cp).kept;
  }
  return out;
}

/** A skeleton of running text with the way back to the original: what `skeletonText` returns. */
export interface SkeletonText {
  /** Words of the skeleton separated by single spaces, no space at either end. */
  text: string;
  /** For each UTF-16 code unit of `text`: where the character it came from starts in the original. */
  starts: Uint32Array;
  /** …and where that character ends (exclusive). A space maps to the gap between its two words. */
  ends: Uint32Array;
}

/**
 * The skeleton of a whole text with its word breaks kept, for matching words and phrases in comments and knowing
 * where in the original they are. Letters and digits fold as in `skeleton`; an apostrophe between letters is
 * dropped ("don’t" → "dont"); any other run of spaces, punctuation and symbols becomes one space; and a word
 * spelled out in single letters with the same separator between each ("s u i c i d e", "s.u.i.c.i.d.e") is read
 * as one word. Linear in the length of the text.
 *
 *   const s = skeletonText("I’m ＴＩＲＥＤ");   // s.text === "irn tired"
 *   text.slice(s.starts[4], s.ends[8])        // "ＴＩＲＥＤ": the original of "tired"
 */
export function skeletonText(text: string): SkeletonText {
  // Typed buffers, one pass, no per-character allocation; the buffers are kept for the next call (what is returned
  // is copied out of them), since allocating and zeroing them cost as much as the folding.
  // Most text folds to about its own length ("m" to two): start there and grow when a text needs more.
  if (scratch.units.length < text.length * 2 + 16) scratch = buffers(text.length * 2 + 16);
  let { units, starts, ends } = scratch;
  const grow = () => {
    const bigger = buffers(units.length * 2);
    bigger.units.set(units);
    bigger.starts.set(starts);
    bigger.ends.set(ends);
    scratch = bigger;
    ({ units, starts, ends } = bigger);
  };
  const words = scratchWords;
  words.length = 0; // per word: start, end, and the one separator before it (0: none or several)
  let n = 0;
  let inWord = false;
  let gapStart = -1; // where in the original the separators since the last word began
  let gapSeparator = 0; // the one separator of that gap as a code unit, 0 when there were several
  for (let i = 0; i < text.length; ) {
    const unit0 = text.charCodeAt(i);
    const cp = unit0 < 0xd800 ? unit0 : (text.codePointAt(i) as number);
    const end = i + (cp > 0xffff ? 2 : 1);
    const f = cp < 128 ? ascii[cp] : fold(cp);
    let kind = f.kind;
    if (kind === Kind.Apostrophe) {
      // "don't": an apostrophe between letters joins the two halves of one word.
      const next = end < text.length ? fold(text.codePointAt(end) as number).kind : Kind.Empty;
      if (inWord && (next === Kind.Word || next === Kind.Mixed)) kind = Kind.Empty;
      else kind = Kind.Separator;
    }
    if (kind === Kind.Empty) {
      i = end;
      continue;
    }
    const t = f.text;
    if (n + 2 * t.length + 1 >= units.length) grow();
    if (kind === Kind.Word && inWord) {
      // The common case, a letter inside a word (or a ligature's letters), without the general path's checks.
      for (let k = 0; k < t.length; k++) {
        units[n] = t.charCodeAt(k);
        starts[n] = i;
        ends[n] = end;
        n++;
      }
      words[words.length - 2] = n;
      i = end;
      continue;
    }
    for (let k = 0; k < t.length; k++) {
      const unit = t.charCodeAt(k);
      const isWord = kind === Kind.Word || (kind === Kind.Mixed && WORD.test(t[k]));
      if (isWord) {
        if (!inWord) {
          if (n > 0) {
            units[n] = 32; // one space stands for the whole gap
            starts[n] = gapStart;
            ends[n] = i;
            n++;
          }
          words.push(n, n, n > 0 ? gapSeparator : 0);
          inWord = true;
        }
        units[n] = unit;
        starts[n] = i;
        ends[n] = end;
        n++;
        words[words.length - 2] = n;
      } else if (inWord || gapStart < 0) {
        inWord = false;
        gapStart = i;
        gapSeparator = unit;
      } else gapSeparator = 0;
    }
    i = end;
  }
  const result = foldSpelledWords(units, starts, ends, n, words);
  // A rare long text (an import of a whole site) does not keep its buffers alive after it.
  if (units.length > KEEP_AT_MOST) {
    scratch = buffers(1 << 12);
    scratchWords.length = 0;
  }
  return result;
}

const utf16 = new TextDecoder("utf-16le");
const buffers = (capacity: number) => ({
  units: new Uint16Array(capacity),
  starts: new Uint32Array(capacity),
  ends: new Uint32Array(capacity),
});
let scratch = buffers(1 << 12);
/** Buffers for up to 64k characters are kept between calls (1.3 MB); a longer text's are dropped after it. */
const KEEP_AT_MOST = 1 << 17;
const scratchWords: number[] = [];
const decode = (units: Uint16Array, n: number): string => utf16.decode(units.subarray(0, n));

// "s u i c i d e": three or more one-letter words, each after the same single separator, become one word.
function foldSpelledWords(units: Uint16Array, starts: Uint32Array, ends: Uint32Array, n: number, words: number[]) {
  // One character of the original, whatever it folded to ("m" is "rn").
  const oneLetter = (w: number) => starts[words[w]] === starts[words[w + 1] - 1];
  let m = 0; // write position: the text shrinks by one unit for each space dropped
  let read = 0;
  const count = words.length;
  for (let w = 0; w < count; ) {
    let run = 3;
    if (oneLetter(w)) {
      const separator = words[w + 5];
      while (w + run < count && separator !== 0 && oneLetter(w + run) && words[w + run + 2] === separator) run += 3;
    }
    if (run >= 9) {
      // Copy up to the start of the run, then its letters without the spaces between them.
      for (let k = w; k < w + run; k += 3) {
        const from = k === w ? read : words[k];
        for (let j = from; j < words[k + 1]; j++, m++) {
          units[m] = units[j];
          starts[m] = starts[j];
          ends[m] = ends[j];
        }
      }
      read = words[w + run - 2];
    }
    w += run;
  }
  if (read === 0) return { text: decode(units, n), starts: starts.slice(0, n), ends: ends.slice(0, n) };
  for (let j = read; j < n; j++, m++) {
    units[m] = units[j];
    starts[m] = starts[j];
    ends[m] = ends[j];
  }
  return { text: decode(units, m), starts: starts.slice(0, m), ends: ends.slice(0, m) };
}
