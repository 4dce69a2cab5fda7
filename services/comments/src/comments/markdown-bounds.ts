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
  // And where the word at the ":" is longer than MAX_BARE_LINK, matchAtStart would find nothing: the rule stops
  // there at once, reading where the word ends from one table per paragraph, not by scanning it again.
  const linkifyRule = inlineRule(md, "linkify");
  const wordEnds = new WeakMap<object, Int32Array>();
  md.inline.ruler.at("linkify", (state, silent) => {
    const { src, pos } = state;
    if (src.charCodeAt(pos) !== 0x3a || src.charCodeAt(pos + 1) !== 0x2f || src.charCodeAt(pos + 2) !== 0x2f)
      return false;
    let ends = wordEnds.get(state);
    if (!ends) {
      ends = new Int32Array(src.length + 1);
      ends[src.length] = src.length;
      for (let i = src.length - 1; i >= 0; i--) ends[i] = isSeparator(src.charCodeAt(i)) ? i : (ends[i + 1] as number);
      wordEnds.set(state, ends);
    }
    if ((ends[pos] as number) - pos > MAX_BARE_LINK) return false;
    const s = state as unknown as { pending: string; pushPending(): unknown };
    if (!silent && s.pending.length > 2 * SCHEME_TAIL) {
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

/** The inline rule of that name as it stands (to wrap it with ruler.at). */
function inlineRule(md: MarkdownIt, name: string): InlineRule {
  const rules = (md.inline.ruler as unknown as { __rules__: { name: string; fn: InlineRule }[] }).__rules__;
  const rule = rules.find((r) => r.name === name);
  if (!rule) throw new Error(`markdown-it has no inline ${name} rule to bound`);
  return rule.fn;
}

/**
 * A comment of more lines than this renders as plain text (see plainText below) without being parsed: 10,000
 * characters of prose, a poem or pasted code make a few hundred lines, while each line costs the block parser
 * whatever it holds (`#\n` × 5000 made 5,000 empty headings).
 */
export const MAX_LINES = 1_000;

/**
 * A comment's parse makes at most this many Markdown tokens (a block's opening or closing, a piece of text, a line
 * break, an emphasis mark); a body that would make more renders as plain text. Long honest comments stay well
 * below (10,000 characters of prose: 4; of links, emphasis and paragraphs: 1,800; a list of 450 items: 2,700; 700
 * bold words: 4,300), while every token costs the parser and the renderer (`*a* ` × 2500 made 10,000).
 */
export const MAX_TOKENS = 6_000;

/**
 * Places a comment's text may make the inline parser stop and try its rules (Markdown punctuation: `*`, `_`, `[`,
 * `]`, `!`, `&`, `<`, `:`, `\\`, a newline…); past these it renders as plain text. Each stop costs a round of rules
 * whether or not it makes a token (`&` × 10,000 makes none); prose stops a few hundred times in 10,000 characters,
 * Markdown-rich text a thousand or two.
 */
export const MAX_INLINE_STOPS = 3_000;

/**
 * Link targets parsed in one comment. Past these, further targets are not parsed (each costs a URL parse, an IDN
 * conversion and an allow-list check) and stay text, and the comment counts as having more links than this for
 * the screen (`link_count`), so it is held wherever a link limit is set.
 */
export const MAX_LINK_TARGETS = 100;

/** What a bounded parse leaves in its env besides the tokens. */
export interface BoundsEnv {
  /** Links counted without being rendered: the addresses of a plain-text body. */
  uncountedLinks?: number;
  /** True when the body wrote more than MAX_LINK_TARGETS link targets. */
  tooManyLinks?: boolean;
  /** True when the body was over MAX_LINES or MAX_TOKENS and so renders as plain text. */
  plainText?: boolean;
}

/** The token that holds one paragraph of a plain-text body; the renderer needs a rule for it. */
export const PLAIN_PARAGRAPH = "plain_paragraph";

class TooManyTokens extends Error {}

type Token = ReturnType<MarkdownIt["parse"]>[number];
type TokenClass = new (type: string, tag: string, nesting: -1 | 0 | 1) => Token;
type CoreRule = Parameters<MarkdownIt["core"]["ruler"]["at"]>[1];
type Push = (type: string, tag: string, nesting: -1 | 0 | 1) => Token;

/** Lines as markdown-it counts them: `\r\n`, `\r` and `\n` each end one (a body of `\r`s is as many lines). */
function lineCount(src: string): number {
  let lines = 1;
  for (let i = src.indexOf("\n"); i >= 0; i = src.indexOf("\n", i + 1)) lines++;
  for (let i = src.indexOf("\r"); i >= 0; i = src.indexOf("\r", i + 1)) if (src.charCodeAt(i + 1) !== 0x0a) lines++;
  return lines;
}

/**
 * Bounds every parse of `md` to MAX_LINES lines, MAX_TOKENS tokens, MAX_INLINE_STOPS stops and MAX_LINK_TARGETS
 * link targets (see above).
 * The counts live for one `md.parse` call, which is synchronous, so one set of counters per instance is enough.
 */
export function boundElements(md: MarkdownIt) {
  let tokensLeft = 0;
  let targetsLeft = 0;
  let pastTargets = 0;
  let stopsLeft = 0;
  const spend = () => {
    if (--tokensLeft < 0) throw new TooManyTokens();
  };
  // The text rule runs first at every position and fails exactly where the parser stops to try the others.
  const textRule = inlineRule(md, "text");
  md.inline.ruler.at("text", (state, silent) => {
    if (textRule(state, silent)) return true;
    if (--stopsLeft < 0) throw new TooManyTokens();
    return false;
  });
  const BlockState = md.block.State as unknown as new (
    ...args: unknown[]
  ) => { push(...args: Parameters<Push>): Token };
  const InlineState = md.inline.State as unknown as new (
    ...args: unknown[]
  ) => { push(...args: Parameters<Push>): Token; pushPending(): Token };
  md.block.State = class extends BlockState {
    override push(type: string, tag: string, nesting: -1 | 0 | 1) {
      spend();
      return super.push(type, tag, nesting);
    }
  } as unknown as typeof md.block.State;
  md.inline.State = class extends InlineState {
    override push(type: string, tag: string, nesting: -1 | 0 | 1) {
      spend();
      return super.push(type, tag, nesting);
    }
    override pushPending() {
      spend();
      return super.pushPending();
    }
  } as unknown as typeof md.inline.State;

  // Every link target (inline, reference, autolink, bare address) is normalised before it is checked; "" is no link.
  const normalizeLink = md.normalizeLink;
  const validateLink = md.validateLink;
  md.normalizeLink = (url) => {
    if (targetsLeft-- > 0) return normalizeLink(url);
    pastTargets++;
    return "";
  };
  md.validateLink = (url) => url !== "" && validateLink(url);
  // Core linkify too (each address costs a match); an address its cheap pretest sees is one past the targets.
  // Past the targets, the rules that read a target stop trying (what they would read could not be a link now),
  // and each stop is one more past the targets.
  for (const name of ["link", "image", "autolink", "linkify"]) {
    const rule = inlineRule(md, name);
    md.inline.ruler.at(name, (state, silent) => {
      if (targetsLeft > 0) return rule(state, silent);
      pastTargets++;
      return false;
    });
  }
  const coreRules = (md.core.ruler as unknown as { __rules__: { name: string; fn: CoreRule }[] }).__rules__;
  const coreLinkify = coreRules.find((r) => r.name === "linkify")?.fn;
  if (!coreLinkify) throw new Error("markdown-it has no core linkify rule to bound");
  md.core.ruler.at("linkify", (state) => {
    if (targetsLeft > 0) return coreLinkify(state);
    if (state.tokens.some((t) => t.type === "inline" && hasAddressOutsideLinks(md, t.children ?? []))) pastTargets++;
  });

  const Token = (md.core.State.prototype as unknown as { Token: TokenClass }).Token;
  const plainText = (src: string, env: BoundsEnv) => {
    env.plainText = true;
    // Nothing renders as a link, but the screen counts what the text holds: every address linkify-it finds.
    env.uncountedLinks = (md.linkify as unknown as { match(text: string): unknown[] | null }).match(src)?.length ?? 0;
    return plainTextTokens(src, Token);
  };
  const parse = md.parse.bind(md);
  md.parse = (src, env: BoundsEnv) => {
    if (lineCount(src) > MAX_LINES) return plainText(src, env);
    tokensLeft = MAX_TOKENS;
    stopsLeft = MAX_INLINE_STOPS;
    targetsLeft = MAX_LINK_TARGETS;
    pastTargets = 0;
    try {
      const tokens = parse(src, env);
      env.tooManyLinks = pastTargets > 0;
      return tokens;
    } catch (error) {
      if (error instanceof TooManyTokens) return plainText(src, env);
      throw error;
    }
  };
}

function hasAddressOutsideLinks(md: MarkdownIt, children: Token[]): boolean {
  let inLink = 0;
  for (const child of children) {
    if (child.type === "link_open") inLink++;
    else if (child.type === "link_close") inLink--;
    else if (inLink === 0 && child.type === "text" && md.linkify.pretest(child.content)) return true;
  }
  return false;
}

/** The body as paragraphs of text (split at blank lines), one PLAIN_PARAGRAPH token each, lines trimmed. */
function plainTextTokens(src: string, Token: TokenClass): Token[] {
  const tokens: Token[] = [];
  // As markdown-it's own first step: one kind of newline, no NUL.
  const text = src.replace(/\r\n?/g, "\n").replace(/\0/g, "\uFFFD");
  for (const paragraph of text.split(/\n[ \t]*(?:\n[ \t]*)+/)) {
    const trimmed = paragraph.replace(/[ \t]*\n[ \t]*/g, "\n").trim();
    if (trimmed === "") continue;
    const token = new Token(PLAIN_PARAGRAPH, "p", 0);
    token.block = true;
    token.content = trimmed;
    tokens.push(token);
  }
  return tokens;
}
