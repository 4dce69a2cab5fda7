import type MarkdownIt from "markdown-it";

// markdown-it and linkify-it are linear on what people write, but two of their steps rescan the rest of the text
// and so grow with its square on crafted input: a link label `[` with no `]` to close it scans to the end of the
// paragraph, once per `[` (`[[` × 5000, `![` × 5000); and an address with an unclosed `(`, `[` or `{` in its path
// makes linkify-it scan to the end of the word, once per address it tries (`a.com/(` × 1000, `http://a.b/(`
// × 800). Both are bounded here, so rendering stays linear in the comment's length; what people write renders
// exactly as before (bench/worst-inputs.ts measures the worst inputs found, src/comments/render-cost.test.ts holds them).

/** A bare address longer than this (between spaces) stays text; `<…>` and `[text](…)` links have no such limit. */
export const MAX_BARE_LINK = 256;

type ParseLinkLabel = (state: LabelState, start: number, disableNested?: boolean) => number;
interface LabelState {
  src: string;
  posMax: number;
}

/**
 * Link labels: a `[` with no `]` after it fails at once, and once failed label scans have together covered four
 * times the paragraph's length (no real comment comes near), further ones fail at once too: the brackets stay text.
 */
export function boundLinkLabels(md: MarkdownIt) {
  const helpers = md.helpers as unknown as { parseLinkLabel: ParseLinkLabel };
  const parseLinkLabel = helpers.parseLinkLabel;
  const budgets = new WeakMap<LabelState, { lastClose: number; left: number }>();
  helpers.parseLinkLabel = (state, start, disableNested) => {
    let budget = budgets.get(state);
    if (!budget) {
      budget = { lastClose: state.src.lastIndexOf("]"), left: 4 * state.src.length + 4096 };
      budgets.set(state, budget);
    }
    if (budget.lastClose <= start || budget.left <= 0) return -1;
    const end = parseLinkLabel(state, start, disableNested);
    if (end < 0) budget.left -= state.posMax - start;
    return end;
  };
}

// linkify-it's separators: Unicode spaces (Z) and control characters (Cc). No address crosses one.
function isSeparator(code: number): boolean {
  return (
    code <= 0x20 ||
    (code >= 0x7f && code <= 0xa0) ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000
  );
}

/** The text with every word longer than MAX_BARE_LINK blanked out (same length, so offsets hold), or itself. */
function withoutLongWords(text: string): string {
  let out: string[] | null = null;
  let from = 0;
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i < text.length && !isSeparator(text.charCodeAt(i))) continue;
    if (i - start > MAX_BARE_LINK) {
      out ??= [];
      out.push(text.slice(from, start), " ".repeat(i - start));
      from = i;
    }
    start = i + 1;
  }
  if (!out) return text;
  out.push(text.slice(from));
  return out.join("");
}

interface Linkify {
  test(text: string): boolean;
  pretest(text: string): boolean;
  match(text: string): unknown[] | null;
  matchAtStart(text: string): unknown | null;
}

/**
 * Bare addresses: linkify-it only ever sees words of at most MAX_BARE_LINK characters, so its work is at most
 * proportional to the text's length times that bound. Every address it finds is where it was in the whole text.
 */
export function boundLinkify(md: MarkdownIt) {
  const linkify = md.linkify as unknown as Linkify;
  const { test, match, matchAtStart } = {
    test: linkify.test.bind(linkify),
    match: linkify.match.bind(linkify),
    matchAtStart: linkify.matchAtStart.bind(linkify),
  };
  linkify.test = (text) => test(withoutLongWords(text));
  linkify.match = (text) => match(withoutLongWords(text));
  // The inline rule asks at each "://" with the rest of the paragraph: only the word there can be the address.
  linkify.matchAtStart = (text) => {
    let end = 0;
    while (end < text.length && end <= MAX_BARE_LINK && !isSeparator(text.charCodeAt(end))) end++;
    return end > MAX_BARE_LINK ? null : matchAtStart(text.slice(0, end));
  };
  // …after reading the scheme off the end of the text not yet made a token, with a regular expression anchored at
  // the end that tries every position of that text. So at a ":" that text is made a token but for its last 32
  // characters (no scheme is longer), and the rule reads only those. Later rules join the text tokens again.
  const rules = (md.inline.ruler as unknown as { __rules__: { name: string; fn: InlineRule }[] }).__rules__;
  const rule = rules.find((r) => r.name === "linkify");
  if (!rule) throw new Error("markdown-it has no inline linkify rule to bound");
  const linkifyRule = rule.fn;
  md.inline.ruler.at("linkify", (state, silent) => {
    const s = state as unknown as { pending: string; pushPending(): unknown };
    if (!silent && s.pending.length > 2 * SCHEME_TAIL && state.src.charCodeAt(state.pos) === 0x3a) {
      const tail = s.pending.slice(-SCHEME_TAIL);
      s.pending = s.pending.slice(0, -SCHEME_TAIL);
      s.pushPending();
      s.pending = tail;
    }
    return linkifyRule(state, silent);
  });
}

const SCHEME_TAIL = 32;
type InlineRule = Parameters<MarkdownIt["inline"]["ruler"]["at"]>[1];
