// Policy: any mention of suicide or self-harm is flagged, clinical or not ("suicide rates fell" included).
// A held comment costs a moderator a glance; a missed cry for help costs far more. Figures of speech that
// only borrow the words ("this headache is killing me", "dead tired", "cut my dose") are left alone.

// Format characters (zero-width space/joiner, soft hyphen, bidi marks, BOM) and other invisible fillers.
// (Combining marks, U+034F and the variation selectors, stand outside the class: inside one they would combine.)
const INVISIBLE = /[\p{Cf}\u115f\u1160\u3164\uffa0]|\u034f|\p{Variation_Selector}/gu;
// Markdown backslash escapes: "555\-1234" renders as "555-1234", so screen what the reader will see.
const MARKDOWN_ESCAPE = /\\([!-/:-@[-`{-~])/g;
const APOSTROPHES = /['`\u00b4\u2018\u2019\u02bc]/g;
const NON_WORD = /[^\p{L}\p{N}]+/gu;

/** NFKC (fullwidth letters and digits become ASCII), invisible characters dropped, Markdown escapes undone. Case is kept. */
export function normaliseText(text: string): string {
  return text.normalize("NFKC").replace(INVISIBLE, "").replace(MARKDOWN_ESCAPE, "$1");
}

// Words wanting to do something, followed by "to <verb>" or by "<verb>ing".
const WANT_TO =
  "(?:want|wanted|wanna|going|gonna|plan|planning|planned|try|trying|tried|urge|tempted|ready|decided|about)";
const THINK_OF = "(?:thinking about|thought about|think about|considering|considered|fantasi[sz]ing about)";
const SELF = "my ?self";

const CRISIS_PATTERNS: readonly RegExp[] = [
  /\bsuicid/, // suicide, suicidal, suicidality: every mention, on purpose (see policy above)
  /\bself ?(?:harm|injur|mutilat)/,
  /\bunaliv/,
  /\bsewer ?slide\b/,
  /(?<!\d )\bkms\b/, // "kill myself" in chat shorthand, but not "5 kms" of walking
  new RegExp(`\\b(?:kill|killing|hang|hanging|harm|harming|off|offing) ${SELF}\\b`),
  new RegExp(`\\bshoot(?:ing)? ${SELF}\\b(?! in the f(?:oo|ee)t)`),
  new RegExp(`\\b${WANT_TO} to (?:hurt|cut|burn|starve|poison|drown|shoot) ${SELF}\\b`),
  new RegExp(`\\b${THINK_OF} (?:hurting|cutting|burning|starving|poisoning|drowning|shooting) ${SELF}\\b`),
  new RegExp(`\\b(?:been|keep|kept|started|start) (?:hurting|cutting|burning|harming) ${SELF}\\b`),
  // "cutting myself" is rarely anything else, except for a few idioms.
  new RegExp(`\\bcutting ${SELF}\\b(?! (?:off|some|a|short|out|back|free|loose|down|in)\\b)`),
  new RegExp(`\\bcut ${SELF} (?:on purpose|deliberately|intentionally|again)\\b`),
  /\b(?:cut|cutting|slit|slitting|slash|slashing) my (?:wrist|wrists|arms|thighs)\b/,
  /\b(?:end|ending) my (?:own )?life\b/,
  /\b(?:take|taking) my own life\b/,
  /\bending it all\b/,
  /(?<!\bthe )\bend it all\b/, // not "in the end it all worked out"
  new RegExp(`\\b${WANT_TO} to end (?:it|everything)\\b(?! (?:with|here|there|now|by|on|early)\\b)`),
  new RegExp(`\\b${THINK_OF} ending (?:it|everything)\\b(?! (?:with|here|there|now|by|on|early)\\b)`),
  // "I don't want to live anymore", but not "I don't want to live in Ohio".
  /\b(?:dont|do not|no longer|didnt|did not) (?:really )?(?:want|wanna|wish) (?:to )?(?:live|be alive|exist|be here|wake up)\b(?! (?:in|near|at|on|there|next|close|abroad|alone|together|early|so|too|before|with (?:my|him|her|them))\b)/,
  // "I want to die", but not "I don't want to die" or "I want to die peacefully at home when I'm old".
  /(?<!\b(?:dont|not|never|didnt) (?:really )?)\b(?:(?:want|wanted|ready|deserve) to|wanna) die\b(?! (?:of|from|laughing|peacefully|at home|in my sleep|old|with dignity|happy)\b)/,
  /\b(?:better off dead|better off without me|rather be dead|want to be dead|wanna be dead)\b/,
  /\bwish i (?:was|were) dead\b/,
  /\bwish i (?:had )?never (?:been born|existed)\b/,
  /\bwish i (?:could|would) (?:just )?(?:die|disappear forever|not wake up|never wake up)\b/,
  /\b(?:no|zero) reason (?:left )?to (?:live|go on|keep going)\b/,
  /\bnothing (?:left )?to live for\b/,
  /\bnot worth living\b/,
  /\bisnt worth living\b/,
  /\bno point (?:in )?(?:living|being alive|going on)\b/,
  /\bcant go on (?:anymore|any more|like this|living)\b/,
  new RegExp(`\\b${WANT_TO} to (?:overdose|od)\\b`),
  new RegExp(`\\b${THINK_OF} overdosing\\b`),
  /\b(?:overdos(?:e|ed|ing)|od|oded)(?: on(?: \w+){1,3})? (?:on purpose|intentionally|deliberately)\b/,
  /\b(?:intentional|deliberate|purposeful) overdose\b/,
  /\bjump(?:ing)? (?:off|from|in front of) (?:a|the|my) (?:bridge|building|roof|cliff|balcony|train)\b/,
];

/** Lower-case words separated by single spaces; apostrophes dropped so "don't" and "dont" read the same. */
function toWords(text: string): string {
  return normaliseText(text).toLowerCase().replace(APOSTROPHES, "").replace(NON_WORD, " ").trim();
}

export function hasCrisisLanguage(text: string): boolean {
  const words = toWords(text);
  return CRISIS_PATTERNS.some((pattern) => pattern.test(words));
}
