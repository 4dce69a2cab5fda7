import { findContactSpans } from "./contact-details.ts";
import { contactText, type MappedText, tokenize } from "./normalise.ts";
import { riskCues } from "./risk.ts";
import { readModelRisk, shippedModel } from "./risk-model.ts";

export type Flag = "link_count" | "contact_details" | "crisis" | "blocked_word" | "honeypot" | "rate";

export interface ScreenInput {
  /** Raw Markdown. */
  body: string;
  authorName: string;
  /** A separate field: it is neither counted as a link nor screened. */
  website?: string | null;
  /** The hidden "homepage" field; people never see it, so anything in it is a bot. */
  honeypot?: string | null;
  /** Links in the rendered body, counted by the caller. */
  linkCount: number;
  overSoftRateLimit: boolean;
}

export interface ScreenPolicy {
  /** More links than this trips link_count. */
  maxLinks: number;
  /** Whole words or phrases, matched case-insensitively after Unicode normalisation in body and author name. */
  blockedWords: readonly string[];
}

/**
 * Why a flag was raised: which words, where. `start`/`end` are UTF-16 code-unit offsets into the Markdown body
 * (what JavaScript's `body.slice(start, end)` reads); both are null when the reason is not a span of the body
 * (too many links, the author's name, the rate). `rule` names the pattern, e.g. `passive_ideation/wish_dead`,
 * `mention/suicide_word`, `phone/international`.
 */
export interface FlagDetail {
  flag: Flag;
  start: number | null;
  end: number | null;
  rule: string;
}

export interface ScreenResult {
  /** Each flag at most once, in the order of the Flag type. */
  flags: Flag[];
  crisis: boolean;
  /**
   * Show the reader the helpline: `crisis`, or the model is unsure but finds a statement of risk likely (its
   * `likely` band). The band raises no flag and holds nothing: a false alarm there costs the reader a helpline
   * message they did not need.
   */
  helpline: boolean;
  /** The reasons, in the order of the flags, then of the text. */
  details: FlagDetail[];
}

export const DEFAULT_SCREEN_POLICY: ScreenPolicy = Object.freeze({ maxLinks: 2, blockedWords: Object.freeze([]) });

const REGEX_SPECIAL = /[.*+?^${}()|[\]\\]/g;
const WHITESPACE = /\s+/;
// Letters, digits and marks on either side mean the word is part of a longer one ("ass" in "class").
const WORD_START = "(?<![\\p{L}\\p{M}\\p{N}_])";
const WORD_END = "(?![\\p{L}\\p{M}\\p{N}_])";
/** The `rule` of a reason raised by the learned risk model (risk-model.ts): the span is the words it scored. */
export const MODEL_RULE = "model:risk";
const FLAG_ORDER: readonly Flag[] = ["link_count", "contact_details", "crisis", "blocked_word", "honeypot", "rate"];
// A comment of a thousand repeated phrases needs no thousand reasons.
const MAX_DETAILS_PER_FLAG = 20;

// The policy is built once per process, so compile each word list once and look it up by identity.
const blockedPatterns = new WeakMap<readonly string[], RegExp | null>();

function compileBlockedWords(words: readonly string[]): RegExp | null {
  const alternatives = words
    .map((word) => contactText(word).text.toLowerCase().trim())
    .filter((word) => word.length > 0)
    .sort((a, b) => b.length - a.length)
    .map((word) =>
      word
        .split(WHITESPACE)
        .map((part) => part.replace(REGEX_SPECIAL, "\\$&"))
        .join("\\s+"),
    );
  return alternatives.length === 0 ? null : new RegExp(`${WORD_START}(?:${alternatives.join("|")})${WORD_END}`, "giu");
}

function blockedWordPattern(words: readonly string[]): RegExp | null {
  let pattern = blockedPatterns.get(words);
  if (pattern === undefined) {
    pattern = compileBlockedWords(words);
    blockedPatterns.set(words, pattern);
  }
  return pattern;
}

/** Blocked words in the text, as spans of the original (NFKC-folded and invisible characters dropped first). */
function blockedSpans(
  pattern: RegExp,
  text: string,
  mapped: MappedText = contactText(text),
): { start: number; end: number; word: string }[] {
  const spans: { start: number; end: number; word: string }[] = [];
  for (const m of mapped.text.matchAll(pattern)) {
    spans.push({ start: mapped.starts[m.index], end: mapped.ends[m.index + m[0].length - 1], word: m[0] });
    if (spans.length >= MAX_DETAILS_PER_FLAG) break;
  }
  return spans;
}

/** Which flags a new or edited comment trips, and why. Pure: the caller decides what a flag means (hold, spam, notice). */
export function screenComment(input: ScreenInput, policy: ScreenPolicy): ScreenResult {
  const details: FlagDetail[] = [];
  const add = (flag: Flag, rule: string, span?: { start: number; end: number }) => {
    if (details.filter((d) => d.flag === flag).length >= MAX_DETAILS_PER_FLAG) return;
    details.push({ flag, start: span?.start ?? null, end: span?.end ?? null, rule });
  };

  if (input.linkCount > policy.maxLinks) add("link_count", `link_count/${input.linkCount}>${policy.maxLinks}`);
  // The contact patterns and the block list read the same folded copy of the body: fold it once.
  const mapped = contactText(input.body);
  for (const c of findContactSpans(input.body, mapped)) add("contact_details", c.rule, c);
  // The name is shown next to the comment, so a phone number there is as public as one in the body.
  for (const c of findContactSpans(input.authorName)) add("contact_details", `${c.rule}/author_name`);
  // Risk: words about suicide or self-harm are held whoever writes them (the policy rules); every other statement of
  // risk is the learned model's call, with the other rules' matches among what it reads. A model hit is explained by
  // the rules' matches inside the words it scored, or, where none matched, by those words themselves (`model:risk`).
  const tokens = tokenize(input.body);
  const cues = riskCues(input.body, tokens);
  for (const c of cues) if (c.policy && c.weight >= 1) add("crisis", c.rule, c);
  const model = shippedModel();
  const read = readModelRisk(tokens, cues, model);
  for (const m of read.findings) {
    for (const c of cues) {
      if (!c.policy && c.start >= m.start && c.end <= m.end) add("crisis", c.rule, c);
    }
    add("crisis", MODEL_RULE, m);
  }
  const blocked = blockedWordPattern(policy.blockedWords);
  if (blocked) {
    for (const b of blockedSpans(blocked, input.body, mapped)) add("blocked_word", "blocked_word", b);
    if (blockedSpans(blocked, input.authorName).length > 0) add("blocked_word", "blocked_word/author_name");
  }
  if ((input.honeypot ?? "").trim() !== "") add("honeypot", "honeypot");
  if (input.overSoftRateLimit) add("rate", "rate");

  const flags = FLAG_ORDER.filter((f) => details.some((d) => d.flag === f));
  // Of two spans of one flag where one holds the other, the tighter says more ("+44 7700 900123", not
  // "text me on +44 7700 900123").
  const inside = (e: FlagDetail, d: FlagDetail) =>
    e !== d &&
    e.flag === d.flag &&
    e.start !== null &&
    e.end !== null &&
    d.start !== null &&
    d.end !== null &&
    e.start >= d.start &&
    e.end <= d.end &&
    e.end - e.start < d.end - d.start;
  const shown = details.filter((d) => !details.some((e) => inside(e, d)));
  shown.sort((a, b) => FLAG_ORDER.indexOf(a.flag) - FLAG_ORDER.indexOf(b.flag) || (a.start ?? -1) - (b.start ?? -1));
  const crisis = flags.includes("crisis");
  return { flags, crisis, helpline: crisis || read.best >= model.likely, details: shown };
}
