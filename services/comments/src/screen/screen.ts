import { findContactDetails } from "./contact-details.ts";
import { hasCrisisLanguage, normaliseText } from "./crisis.ts";

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

export interface ScreenResult {
  /** Each flag at most once, in the order of the Flag type. */
  flags: Flag[];
  crisis: boolean;
}

export const DEFAULT_SCREEN_POLICY: ScreenPolicy = Object.freeze({ maxLinks: 2, blockedWords: Object.freeze([]) });

const REGEX_SPECIAL = /[.*+?^${}()|[\]\\]/g;
const WHITESPACE = /\s+/;
// Letters, digits and marks on either side mean the word is part of a longer one ("ass" in "class").
const WORD_START = "(?<![\\p{L}\\p{M}\\p{N}_])";
const WORD_END = "(?![\\p{L}\\p{M}\\p{N}_])";

// The policy is built once per process, so compile each word list once and look it up by identity.
const blockedPatterns = new WeakMap<readonly string[], RegExp | null>();

function toMatchable(text: string): string {
  return normaliseText(text).toLowerCase();
}

function compileBlockedWords(words: readonly string[]): RegExp | null {
  const alternatives = words
    .map((word) => toMatchable(word).trim())
    .filter((word) => word.length > 0)
    .sort((a, b) => b.length - a.length)
    .map((word) =>
      word
        .split(WHITESPACE)
        .map((part) => part.replace(REGEX_SPECIAL, "\\$&"))
        .join("\\s+"),
    );
  return alternatives.length === 0 ? null : new RegExp(`${WORD_START}(?:${alternatives.join("|")})${WORD_END}`, "u");
}

function blockedWordPattern(words: readonly string[]): RegExp | null {
  let pattern = blockedPatterns.get(words);
  if (pattern === undefined) {
    pattern = compileBlockedWords(words);
    blockedPatterns.set(words, pattern);
  }
  return pattern;
}

/** Which flags a new or edited comment trips. Pure: the caller decides what a flag means (hold, spam, notice). */
export function screenComment(input: ScreenInput, policy: ScreenPolicy): ScreenResult {
  const flags: Flag[] = [];
  if (input.linkCount > policy.maxLinks) flags.push("link_count");
  // The name is shown next to the comment, so a phone number there is as public as one in the body.
  if (findContactDetails(input.body).length > 0 || findContactDetails(input.authorName).length > 0) {
    flags.push("contact_details");
  }
  const crisis = hasCrisisLanguage(input.body);
  if (crisis) flags.push("crisis");
  const blocked = blockedWordPattern(policy.blockedWords);
  if (blocked && (blocked.test(toMatchable(input.body)) || blocked.test(toMatchable(input.authorName)))) {
    flags.push("blocked_word");
  }
  if ((input.honeypot ?? "").trim() !== "") flags.push("honeypot");
  if (input.overSoftRateLimit) flags.push("rate");
  return { flags, crisis };
}
