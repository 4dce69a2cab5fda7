import { skeleton, skeletonText } from "@parlor/validation/skeleton";
import type { Flag, FlagDetail, ScreenInput, ScreenResult } from "../screen/screen.ts";

// BLOCKED_WORDS and the managed word list, matched on skeletons (UTS #39 confusables, case, accents, invisible
// characters; spacing and punctuation between single letters): "vіagra" with a Cyrillic і, "V I A G R A" and
// "v.i.a.g.r.a" all read as "viagra". The screen (screen/screen.ts) matches the words as written; this adds what
// only their look-alikes would have missed. A word whose skeleton loses symbols ("c++" would read as "c") is left
// to the screen's own matching, never widened.

interface Compiled {
  /** First word of each blocked word or phrase → the phrases (as word lists) that start with it. */
  byFirst: Map<string, string[][]>;
}
const compiled = new WeakMap<readonly string[], Compiled | null>();

function compile(words: readonly string[]): Compiled | null {
  const byFirst = new Map<string, string[][]>();
  for (const word of words) {
    const folded = skeletonText(word).text;
    if (folded === "" || folded.replaceAll(" ", "") !== skeleton(word)) continue;
    const parts = folded.split(" ");
    const list = byFirst.get(parts[0]) ?? [];
    if (!list.some((p) => p.join(" ") === folded)) list.push(parts);
    byFirst.set(parts[0], list);
  }
  return byFirst.size > 0 ? { byFirst } : null;
}

const MAX_SPANS = 20;

/**
 * Where blocked words or phrases occur in `text`, read by their skeletons: spans of the original (UTF-16 offsets),
 * at most 20. Linear in the text for a given list: each word of the text is looked up once by its skeleton.
 */
export function findBlockedLookalikes(text: string, words: readonly string[]): { start: number; end: number }[] {
  let list = compiled.get(words);
  if (list === undefined) {
    list = compile(words);
    compiled.set(words, list);
  }
  if (!list || text === "") return [];
  const s = skeletonText(text);
  // Word boundaries in the skeleton text: single spaces between words.
  const starts: number[] = [];
  const ends: number[] = [];
  for (let i = 0; i < s.text.length; ) {
    const end = s.text.indexOf(" ", i);
    starts.push(i);
    ends.push(end < 0 ? s.text.length : end);
    i = end < 0 ? s.text.length : end + 1;
  }
  const wordAt = (k: number) => s.text.slice(starts[k], ends[k]);
  const spans: { start: number; end: number }[] = [];
  for (let k = 0; k < starts.length && spans.length < MAX_SPANS; k++) {
    const phrases = list.byFirst.get(wordAt(k));
    if (!phrases) continue;
    let longest = 0;
    for (const phrase of phrases) {
      if (phrase.length <= longest || k + phrase.length > starts.length) continue;
      if (phrase.every((p, j) => j === 0 || wordAt(k + j) === p)) longest = phrase.length;
    }
    if (longest === 0) continue;
    const last = k + longest - 1;
    spans.push({ start: s.starts[starts[k]], end: s.ends[ends[last] - 1] });
    k = last;
  }
  return spans;
}

const ORDER: readonly Flag[] = ["link_count", "contact_details", "crisis", "blocked_word", "honeypot", "rate"];

/**
 * The screen's result with the blocked words that only their look-alikes hid: a span the screen did not already
 * give, and the author's name. The flags stay in the screen's order, the reasons in flag then text order.
 */
export function withBlockedLookalikes(
  result: ScreenResult,
  input: Pick<ScreenInput, "body" | "authorName">,
  words: readonly string[],
): ScreenResult {
  if (words.length === 0) return result;
  const added: FlagDetail[] = [];
  const known = result.details.filter((d) => d.flag === "blocked_word");
  for (const span of findBlockedLookalikes(input.body, words)) {
    const overlaps = known.some((d) => d.start !== null && d.end !== null && d.start < span.end && span.start < d.end);
    if (!overlaps && known.length + added.length < MAX_SPANS) {
      added.push({ flag: "blocked_word", start: span.start, end: span.end, rule: "blocked_word/lookalike" });
    }
  }
  const nameFlagged = known.some((d) => d.rule === "blocked_word/author_name");
  if (!nameFlagged && findBlockedLookalikes(input.authorName, words).length > 0) {
    added.push({ flag: "blocked_word", start: null, end: null, rule: "blocked_word/author_name" });
  }
  if (added.length === 0) return result;
  const details = [...result.details, ...added].sort(
    (a, b) => ORDER.indexOf(a.flag) - ORDER.indexOf(b.flag) || (a.start ?? -1) - (b.start ?? -1),
  );
  const flags = ORDER.filter((f) => details.some((d) => d.flag === f));
  return { ...result, flags, details };
}
