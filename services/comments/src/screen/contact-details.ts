import { contactText, type MappedText } from "./normalise.ts";

export type ContactKind = "phone" | "email" | "street_address" | "date_of_birth" | "record_number";

/** One contact detail found: its kind, the pattern that found it, and its UTF-16 range in the original text. */
export interface ContactFinding {
  kind: ContactKind;
  rule: string;
  start: number;
  end: number;
}

// Health talk is full of numbers (doses, years, ranges, PMIDs, ICD codes), so bare digits are never enough:
// each pattern needs a shape that numbers in a study rarely have, or a label ("MRN", "DOB") in front.
// Every pattern starts with a look-behind so it only tries at the start of a token, and every repetition inside
// is bounded or unambiguous: linear time on 10k-character bodies (the hostile-input benchmark holds it to that).

type Check = (match: RegExpExecArray, text: string) => boolean;
interface Detector {
  kind: ContactKind;
  rule: string;
  pattern: RegExp; // global
  /** The same pattern without the foreign labels, used on a text without FOREIGN_LABEL_HINT: it finds the same. */
  withoutForeignLabels?: RegExp;
  /** The same pattern without the foreign number words, used on a text without FOREIGN_DIGIT_HINT: it finds the same. */
  withoutForeignDigits?: RegExp;
  /**
   * Run only on the stretch of text up to `before` characters before each match of `cue` (global), and the cue
   * itself: a pattern that would otherwise try its first part at every word ("12/03/1961 is my date of birth").
   */
  window?: { cue: RegExp; before: number; after?: number };
  /**
   * Where the pattern can start: every match of `pattern` starts where this (global) pattern matches, its first part
   * (a label). Its starts are found once per text and shared by the detectors that name it; the pattern itself is
   * then tried only there, which finds what a scan of the whole text finds (a label alternation of a hundred words
   * tried at every word cost a tenth of a millisecond a detector on 10,000 characters).
   */
  starts?: { pattern: RegExp; withoutForeignLabels?: RegExp };
  /** Words the pattern cannot match without (under the same case folding): a text with none of them skips it. */
  needs?: RegExp;
  /**
   * Every match holds a digit among its first `digitWithin` characters: the pattern is then tried only at the
   * positions that close before a digit, which finds what a scan of the whole text finds (a scan of 10,000 characters
   * of prose with a few hundred digits tried the pattern at every letter).
   */
  digitWithin?: number;
  /** With digitWithin: what must hold where a match starts (tried before the pattern, cheaper than it). */
  startsAt?: (t: string, at: number) => boolean;
  check?: Check;
}
// What a text must hold before a group of patterns is worth running: most comments skip most of them.
interface Group {
  worth: (facts: Facts) => boolean;
  detectors: Detector[];
}
interface Facts {
  digits: number;
  /** Where the digits are: digitAt[0 .. digits). */
  digitAt: Int32Array;
  /** Whether the text holds a letter of any script. */
  letters: boolean;
  text: string;
  /** The text lower-cased, once, when a look needs it (lower()). */
  lower?: string;
}
const lower = (f: Facts) => {
  f.lower ??= f.text.toLowerCase();
  return f.lower;
};
// Patterns that cannot match without a letter (a label, a street type, a postcode's letters, a name): a body of
// digits and separators alone skips them.
const NEEDS_A_LETTER = new Set([
  "phone/introduced",
  "street_address/number_street",
  "street_address/number_named_street",
  "street_address/unit",
  "street_address/number_rue",
  "street_address/strasse_number",
  "street_address/via_number",
  "street_address/us_state_zip",
  "street_address/uk_postcode",
  "street_address/ca_postcode",
  "street_address/au_state_postcode",
  "street_address/postcode_town",
  "street_address/eircode",
  "street_address/town_pin",
  "record_number/labelled",
  "record_number/labelled_later",
  "record_number/label_number",
  "record_number/ni_shape",
  "record_number/id_shape",
]);
const LETTER = /\p{L}/u;

const NON_DIGIT = /\D/g;
const digitCount = (s: string) => s.replace(NON_DIGIT, "").length;
// Numbers that are labelled as something else: a lot, a study, a reference.
const NOT_A_CONTACT_LABEL =
  /\b(?:lot|batch|serial|order|tracking|model|ref|reference|invoice|receipt|case|ticket|confirmation|booking|flight|isbn|issn|doi|pmid|pmcid|nct|ndc|din|upc|sku|barcode|part|item|product|catalog|catalogue|kit|study|trial|protocol|registration|patent|version|build|(?<!(?:area|country|dialling|dialing|city|local|trunk)\s)code|appointment|appt|referral|prescription|rx|lab|complaint|delivery|parcel|voucher|v)\s*(?:no\.?|number|#|code|id)?\s*[:#]?\s*$/i;
// The same, a few words before: "the NDC on my box is 0378-6150-01", "the pharmacy code on the box is 0093-…".
const NOT_A_CONTACT_LABEL_BEFORE =
  /\b(?:lot|batch|serial|ndc|din|upc|sku|barcode|(?<!(?:area|country|dialling|dialing|city|local|trunk)\s)code|pmid|nct|isbn|order|tracking|invoice|receipt|booking|confirmation|reference|product|item|appointment|appt|referral|prescription|lab|complaint|delivery|parcel)\b(?:\s+[a-z]+){0,6}?\s*(?:is|was|[:#=])?\s*$/i;
const labelledOtherwise = (m: RegExpExecArray, text: string) =>
  NOT_A_CONTACT_LABEL.test(text.slice(Math.max(0, m.index - 24), m.index)) ||
  NOT_A_CONTACT_LABEL_BEFORE.test(text.slice(Math.max(0, m.index - 48), m.index));
// A number followed by a unit is a measure, not a phone: "100 200 300 mg".
const UNIT_AFTER =
  /^\s*(?:mg|mcg|µg|ml|g|kg|lb|lbs|iu|%|mmhg|mmol|bpm|steps|units?|cal|kcal|km|mi|miles|tablets?|pills?|doses?|people|patients|participants)\b/i;
const unitAfter = (m: RegExpExecArray, text: string) =>
  UNIT_AFTER.test(text.slice(m.index + m[0].length, m.index + m[0].length + 8));
const plausible =
  (min: number, max: number): Check =>
  (m, text) => {
    const digits = digitCount(m[0]);
    return digits >= min && digits <= max && !labelledOtherwise(m, text) && !unitAfter(m, text);
  };

// --- phone ---
const PHONE_CUE =
  "(?:call|calling|text|texting|phone|cell|cellphone|mobile|mob|landline|tel|telephone|telefon|telefonnummer|portable|handy|whatsapp|signal|telegram|viber|reach|ring|number|contact)";
// The digits' words of English, and of the French, Spanish and German a reader slips into ("zéro six", "cero seis").
const FOREIGN_DIGIT =
  "z[eé]ro|cero|null|une?|deux|trois|quatre|cinq|sept|huit|neuf|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|eins|zwei|zwo|drei|vier|f[uü]nf|sechs|sieben|acht|neun";
const spelledDigit = (foreign: boolean) =>
  `(?:\\d{1,5}|zero|oh|o|nought|nil|one|two|three|four|five|six|seven|eight|nine|niner|double|triple|hundred${foreign ? `|${FOREIGN_DIGIT}` : ""})`;
/**
 * What a text holds when a foreign number word may be in it (under the same case folding): a text without any runs
 * the spelled patterns without them, which finds the same (the foreign words' look at every word costs). Each word
 * ends there, as it must in the patterns (a piece is followed by a separator or a word boundary), so "dose",
 * "seizure" and "unofficial" do not count; "vingt", "veint" and "dieci" begin longer number words ("vingts",
 * "veintidós", "dieciocho") and stay beginnings.
 */
const FOREIGN_DIGIT_HINT =
  /\b(?:(?:z[eé]ro|cero|deux|trois|quatre|cinq|huit|neuf|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|zwei|zwo|drei|vier|f[uü]nf|sechs|sieben|acht|neun|trente|quarante|cinquante|soixante|dix|onze|douze|treize|quatorze|quinze|seize|treinta|cuarenta|cincuenta|sesenta|setenta|ochenta|noventa|diez|doce|trece|catorce|quince)\b|vingt|veint|dieci)/i;
const DIGIT_WORD = "(?:zero|one|two|three|four|five|six|seven|eight|nine)";
// Words said between groups of digits: "…oh nine, then six eight one", "5 5 5 dash oh one", "hundred and two".
const SPOKEN_GAP = "(?:(?:and\\s+)?then[\\s,]{1,2}|dash[\\s,]{1,2}|and\\s)?";
const GAP_WORDS = new Set(["and", "then", "dash", ""]);
const DIGIT_VALUE = new Map(
  ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"].map((w, i) => [w, i]),
);
/**
 * Counting is no phone: "one, two, three, four, five, six, seven", "ten, nine, eight…", "3 4 5 6 7 8 9": each piece a
 * digit one up (or one down) from the piece before, from the first to the last.
 */
function isCounting(run: string): boolean {
  let step = 0;
  let last = -1;
  let pieces = 0;
  for (const part of run.toLowerCase().split(/[\s,.:-]+/)) {
    if (GAP_WORDS.has(part)) continue;
    const value = DIGIT_VALUE.get(part) ?? (/^\d$/.test(part) ? Number(part) : -1);
    if (value < 0) return false;
    if (pieces > 0) {
      if (Math.abs(value - last) !== 1 || (step !== 0 && value - last !== step)) return false;
      step = value - last;
    }
    last = value;
    pieces++;
  }
  return pieces > 1;
}
// ("oh" too: "five5five, oh1six7".)
const DIGIT_OR_WORD = `(?:\\d|${DIGIT_WORD}|oh)`;
const DIGIT_OR_WORD_G = new RegExp(DIGIT_OR_WORD, "g");
const TENS = "(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)";
// A pair said as one number, in English, French or Spanish ("thirty-nine", "trente-neuf", "quatre-vingt-dix-huit",
// "noventa y ocho"), or two digits said one by one ("nine eight", "zéro six").
const FR_UNIT =
  "(?:et[\\s-])?(?:une?|deux|trois|quatre|cinq|six|sept|huit|neuf|dix(?:[\\s-](?:sept|huit|neuf))?|onze|douze|treize|quatorze|quinze|seize)";
const ES_UNIT = "(?:uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve)";
const twoDigits = (foreign: boolean) =>
  `(?:${TENS}(?:[\\s-](?:one|two|three|four|five|six|seven|eight|nine)\\b)?|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen` +
  (foreign
    ? `|(?:vingt|trente|quarante|cinquante|soixante|quatre[\\s-]vingts?)(?:[\\s-]${FR_UNIT})?|dix(?:[\\s-](?:sept|huit|neuf))?|onze|douze|treize|quatorze|quinze|seize` +
      `|(?:treinta|cuarenta|cincuenta|sesenta|setenta|ochenta|noventa)(?:\\s+y\\s+${ES_UNIT})?|veinte|veinti${ES_UNIT}|diez|once|doce|trece|catorce|quince|dieci${ES_UNIT}` +
      `|(?:zero|oh|z[eé]ro|cero)\\s(?:${DIGIT_WORD}|${FOREIGN_DIGIT}))`
    : `|(?:zero|oh)\\s${DIGIT_WORD})`);
const PHONE_CUE_NEAR = new RegExp(
  `\\b(?:${PHONE_CUE.slice(3, -1)}|portable|numero|numéro|número|m[oó]vil|t[ée]l[ée]phone|tel[eé]fono|ruf)(?![\\p{L}])`,
  "iu",
);
// The same words, to find (without the Unicode flag, which made the look at every word cost four times as much).
const PHONE_CUE_AT = new RegExp(
  `\\b(?:${PHONE_CUE.slice(3, -1)}|portable|numero|numéro|número|m[oó]vil|t[ée]l[ée]phone|tel[eé]fono|ruf)(?![a-zà-ÿ])`,
  "gi",
);
/** A word for a phone within 60 characters before the match, or after it. */
const phoneCueNear = (m: RegExpExecArray, t: string) =>
  PHONE_CUE_NEAR.test(t.slice(Math.max(0, m.index - 60), m.index)) ||
  PHONE_CUE_NEAR.test(t.slice(m.index + m[0].length, m.index + m[0].length + 60));
const PHONES: Detector[] = [
  {
    // North American: optional +1, then 3-3-4 digits; the area code never starts with 0 or 1.
    kind: "phone",
    rule: "phone/north_american",
    pattern: /(?<![\w./+-])(?:\+?1[\s.-]?)?(?:\([2-9]\d{2}\)|[2-9]\d{2})[\s.-]?\d{3}[\s.-]?\d{4}(?![\w/-]|[.,]\d)/g,
    check: (m, t) => !labelledOtherwise(m, t) && !unitAfter(m, t),
  },
  {
    // International: "+" or "00" and a country code, 8 to 15 digits in groups. No dots inside, so signed decimals
    // like "+0.52 (0.31-0.74)" are not phones.
    kind: "phone",
    rule: "phone/international",
    // (Not the middle of a run of groups: "4471 0092 8812 3" is a tracking number, "INV-00491-2026" an invoice.)
    pattern: /(?<![\w+-]|\d\w*[\s.])(?:\+|00)\s?[1-9](?:[\s()-]{0,2}\d){6,14}(?![\w]|[.,]\d)/g,
    check: plausible(8, 15),
  },
  {
    // A national number with its trunk 0: UK "020 7946 0958", France "06 12 34 56 78", Australia "0412 345 678",
    // or an area code and one long group: UK "01632 960218".
    kind: "phone",
    rule: "phone/national",
    // Berlin "030 23125 467": a group of five as well.
    pattern: /(?<![\w.,/+-]|\d\w*\s)0[1-9]\d{0,3}(?:(?:[\s.-]\d{2,5}){2,4}|[\s.-]\d{5,8})(?![\w/-]|[.,]\d)/g,
    check: plausible(9, 11),
  },
  {
    // An area code in brackets and a mobile: "(11) 98765-4321" (Brazil), "(02) 9876 5432" (Australia).
    kind: "phone",
    rule: "phone/area_code",
    pattern: /(?<![\w)])\(\d{2,3}\)\s?9?\d{4}[\s-]?\d{4}(?![\w/-]|[.,]\d)/g,
    check: plausible(9, 12),
  },
  {
    // A number introduced as one: "call me on 555-1234", "my number is 0612345678".
    kind: "phone",
    rule: "phone/introduced",
    pattern: new RegExp(
      `\\b${PHONE_CUE}\\b[^\\d\\n]{0,24}?(?<![\\w.])\\+?\\d(?:[\\s.()-]{0,2}\\d){6,14}(?![\\w/-]|[.,]\\d)`,
      "gi",
    ),
    starts: { pattern: new RegExp(`\\b${PHONE_CUE}\\b`, "gi") },
    check: plausible(7, 15),
  },
  {
    // Spelled out, wholly or partly: "five five five, one two three…", "zero seven seven double zero…", groups of
    // digits split by words ("555 oh one six six", "07700 nine hundred and two one nine"), digits spaced one by one
    // ("0 7 7 0 0 - 9 0 0 - 4 4 6"). At least four pieces; the digits they make are counted below.
    kind: "phone",
    rule: "phone/spelled",
    ...((source: (foreign: boolean) => string) => ({
      pattern: new RegExp(source(true), "gi"),
      withoutForeignDigits: new RegExp(source(false), "gi"),
    }))((f) => `\\b${spelledDigit(f)}(?:[\\s,.:-]{1,3}${SPOKEN_GAP}${spelledDigit(f)}\\b){3,20}`),
    check: (m, t) => {
      let digits = 0;
      let words = 0;
      let repeat = 1;
      // (digits and words in one run, "4one6 5five5", are phone/mixed's)
      for (const part of m[0].toLowerCase().split(/[\s,.:-]+/)) {
        if (GAP_WORDS.has(part)) continue;
        if (part === "double" || part === "triple") {
          repeat = part === "double" ? 2 : 3;
          words++;
          continue;
        }
        // "seven hundred": the hundred is two more zeros.
        digits += part === "hundred" ? 2 : (/^\d+$/.test(part) ? part.length : 1) * repeat;
        if (!/^\d+$/.test(part)) words++;
        repeat = 1;
      }
      // "o" and "oh" count only among other digits; at least two words, or "one two three" is just counting, unless
      // a word for a phone stands near ("my number is 0 7 7 0 0 …", "my cell: 2 one 2 - 5 5 5 …").
      return (
        digits >= 7 &&
        digits <= 15 &&
        (words >= 2 || phoneCueNear(m, t)) &&
        (!isCounting(m[0]) || phoneCueNear(m, t)) &&
        !labelledOtherwise(m, t) &&
        !unitAfter(m, t)
      );
    },
  },
  {
    // Digits and their words run together: "4one6 5five5 0one3nine".
    kind: "phone",
    rule: "phone/mixed",
    pattern: new RegExp(`(?<![\\w])${DIGIT_OR_WORD}+(?:[\\s,.-]{1,2}${DIGIT_OR_WORD}+){1,7}(?![\\w])`, "gi"),
    check: (m, t) => {
      const parts = m[0].toLowerCase().split(/[\s,.-]+/);
      const digits = parts.reduce((n, part) => n + (part.match(DIGIT_OR_WORD_G) ?? []).length, 0);
      const mixed = parts.some((part) => /\d/.test(part) && /[a-z]/.test(part));
      return mixed && digits >= 7 && digits <= 15 && !labelledOtherwise(m, t);
    },
  },
  {
    // Said in pairs, as French numbers are: "zero six, thirty-nine, ninety-eight, twelve, thirty-four". Counting
    // ("twenty, thirty, forty, fifty") is no phone: a word for a phone must stand near.
    kind: "phone",
    rule: "phone/spelled_pairs",
    pattern: new RegExp(`\\b${twoDigits(true)}(?:,?\\s+${twoDigits(true)}\\b){3,5}`, "gi"),
    withoutForeignDigits: new RegExp(`\\b${twoDigits(false)}(?:,?\\s+${twoDigits(false)}\\b){3,5}`, "gi"),
    check: phoneCueNear,
  },
  {
    // Digits spaced one by one, a word for a phone near: "my number is 0 7 7 0 0 - 9 0 0 - 4 4 6".
    kind: "phone",
    rule: "phone/spelled",
    // (Read only around a word for a phone: a body of digits and separators has thousands of such runs.)
    pattern: /(?<![\w.,/-])\d(?:[ .-]{1,3}\d(?!\d)){6,14}(?![\w/-]|[.,]\d)/g,
    window: { cue: PHONE_CUE_AT, before: 100, after: 100 },
    check: (m, t) => !isCounting(m[0]) && !labelledOtherwise(m, t) && !unitAfter(m, t),
  },
  {
    // The letter o for a zero inside groups of digits: "o77oo 9oo 561", "O2O 7946 O958".
    kind: "phone",
    rule: "phone/letter_o",
    pattern: /(?<![\w])o*\d[\do]*(?:[\s.-]{1,2}o*\d[\do]*){0,5}(?![\w])/gi,
    check: (m, t) => {
      if (!/o/i.test(m[0])) return false;
      const digits = m[0].replace(/[^\do]/gi, "").length;
      return digits >= 9 && digits <= 15 && !labelledOtherwise(m, t) && !unitAfter(m, t);
    },
  },
];

// --- email ---
// "jane [at] mail (dot) com" and "jane@mail.com" alike: brackets around "at" and "dot" make them unambiguous.
// Quoted as well: "gerry 'at' eircom 'dot' net".
const AT =
  "(?:\\s?@\\s?|\\s*[([{<]\\s*(?:at(?:\\s+sign)?|a|@|arroba|arobase|chiocciola)\\s*[)\\]}>]\\s*|\\s*['\"‘’“”]at['\"‘’“”]\\s*)";
// "gmail . com" spaced as well as "gmail.com"; "[.]" and "(dot)" bracketed.
const DOT = "(?:\\s?\\.\\s?|\\s*[([{<]\\s*(?:dot|punkt|punto|point|\\.)\\s*[)\\]}>]\\s*|\\s*['\"‘’“”]dot['\"‘’“”]\\s*)";
// A spoken dot: "dot", "full stop", "period", "point", set off by commas or "then" as it is said ("leigh at
// example, dot com", "then dot se").
// And in the languages a reader slips into: "punto", "punkt".
const SPOKEN_DOT = ",?\\s+(?:then\\s+)?(?:dot|full\\s+stop|period|point|punto|punkt),?\\s+";
// A spoken "at", the same way: "olu bakare, at example dot com", "ingrid then at example…".
// "The at sign", "at symbol", and the French, Spanish and Italian words for "@" ("arobase", "arroba", "chiocciola").
const NAMED_AT = "(?:(?:the\\s+)?at[\\s-](?:sign|symbol)|arobase|arroba|chiocciola|klammeraffe)";
const SPOKEN_AT = `\\.?,?\\s+(?:(?:and\\s+)?then\\s+)?(?:at|${NAMED_AT})(?:,?\\s+(?:and\\s+)?then)?,?\\s+`;
// An "at" no one says of a place, before an address written as it is ("then the at sign then example.com").
const EXPLICIT_AT = `\\.?,?\\s+(?:(?:(?:and\\s+)?then\\s+)?${NAMED_AT}|then\\s+at)(?:,?\\s+(?:and\\s+)?then)?,?\\s+`;
// Spoken forms: "look at webmd.com" is not an address, so " at " needs a spelled " dot " before the
// top-level domain, or a well-known mail provider. Common words before " at " are skipped.
const NOT_A_MAILBOX =
  "(?!(?:look|looked|looking|at|is|was|me|us|it|this|that|here|there|home|work|worked|live|lived|arrive|arrived|stay|stayed|meet|met|born|die|died)\\s)";
// Up to ten dots: "c.h.a.r.l.o.t.t.e", "olu dot adeyemi dot 55", "camille point roux".
const LOCAL_PART = "[a-z0-9][\\w%+-]*(?:(?:\\.|\\s+(?:dot|point|punto|punkt)\\s+)[a-z0-9][\\w%+-]*){0,10}";
// A user name no word is: with a dot, an underscore or a digit in it ("priya.ramesh", "sunitaray82").
// A user name said aloud: "callum dot ferguson 1", "sandra underscore kay".
const SPOKEN_HANDLE = "[a-z0-9]+(?:\\s+(?:dot|underscore)\\s+[a-z0-9]+)+(?:\\s+\\d{1,4})?";
// (Its pieces exclude the dot and the underscore between them, so a long name splits one way only.)
const HANDLE = "[a-z0-9][a-z0-9%+-]*(?:[._][a-z0-9%+-]+)+|[a-z][a-z-]*\\d[\\w%+-]*";
// The big mail providers, whose name alone after "at" makes an address even without its ".com": "jane.doe at gmail".
// (Not "live", "web", "mail" or "free": everyday words.)
const MAIL_PROVIDERS =
  "(?:gmail|googlemail|yahoo|hotmail|outlook|icloud|aol|protonmail|gmx|yandex|zoho|btinternet|comcast|rediffmail|eircom|bigpond|libero|wanadoo|laposte|webmail|gee\\s?mail|g\\s+mail|hot\\s+mail|big\\s+g(?:\\s?mail)?)";
const LABEL = "[a-z0-9][\\w-]*";
const TLD =
  "(?:com|net|org|edu|gov|io|co|us|uk|ca|au|de|fr|nl|ie|nz|info|me|biz|health|es|it|pt|jp|in|br|mx|se|no|dk|fi|pl|ch|at|be|cz|ru|cn|kr|za|ar|cl|gr|hu|ro|tr|il|sg|hk|tw|my|ph|vn|th|app|dev|email|online|xyz|eg|ae|ng|ke|gh|pk|bd|lk|is|lu|sa|qa|ma|ua|sk|si|hr|rs|bg|ee|lv|lt|pe|uy|ve|ec|eu|asia|scot|wales|ie|ng|gh|ke|tz|ug|zw|nhs|net\\.au)";
const PROVIDERS =
  "(?:gmail|googlemail|yahoo|hotmail|outlook|live|msn|icloud|aol|proton|protonmail|pm|gmx|yandex|zoho|comcast|web|orange|free|libero|wanadoo|btinternet|mail)";
const EMAILS: Detector[] = [
  {
    kind: "email",
    rule: "email/address",
    pattern: new RegExp(`(?<![\\w.%+-])[a-z0-9][\\w.%+-]*${AT}[a-z0-9-]+(?:${DOT}[a-z0-9-]+)*${DOT}[a-z]{2,}\\b`, "gi"),
  },
  {
    // Letter by letter: "k e v i n . m a r s h @ y a h o o . c o . u k".
    kind: "email",
    rule: "email/address",
    pattern: /(?<![\w.])[a-z0-9](?: [a-z0-9._-]){2,63} ?@ ?[a-z0-9](?: [a-z0-9.-]){3,60}(?![\w])/gi,
    check: (m) => {
      const domain = m[0].slice(m[0].indexOf("@") + 1).replace(/ /g, "");
      return /^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}$/i.test(domain);
    },
  },
  {
    kind: "email",
    rule: "email/spelled",
    pattern: new RegExp(
      `(?<![\\w.%+-])${NOT_A_MAILBOX}${LOCAL_PART}${SPOKEN_AT}${LABEL}(?:(?:\\.|${SPOKEN_DOT})${LABEL}){0,3}${SPOKEN_DOT}${TLD}\\b`,
      "gi",
    ),
  },
  {
    kind: "email",
    rule: "email/provider",
    pattern: new RegExp(
      `(?<![\\w.%+-])${NOT_A_MAILBOX}${LOCAL_PART}\\s+at\\s+${PROVIDERS}(?:\\.|${SPOKEN_DOT})[a-z]{2,}\\b`,
      "gi",
    ),
  },
  {
    // A big provider's name alone: "jane.doe at gmail", "janedoe (at) protonmail", "mairead at icloud".
    kind: "email",
    rule: "email/provider",
    pattern: new RegExp(`(?<![\\w.%+-])${NOT_A_MAILBOX}${LOCAL_PART}(?:\\s+at\\s+|${AT})${MAIL_PROVIDERS}\\b`, "gi"),
  },
  {
    // A named "at" and the address after it as written: "nurse.joanne then the at sign then example.com",
    // "chris.w, at sign, example.org".
    kind: "email",
    rule: "email/spelled",
    pattern: new RegExp(
      `(?<![\\w.%+-])${NOT_A_MAILBOX}${LOCAL_PART}${EXPLICIT_AT}${LABEL}(?:(?:\\.|${SPOKEN_DOT})${LABEL}){0,3}(?:\\.|${SPOKEN_DOT})${TLD}\\b`,
      "gi",
    ),
    needs: /\bat[\s-](?:sign|symbol)\b|arobase|arroba|chiocciola|klammeraffe|\bthen\s+at\b/i,
  },
  {
    // A user name no word is, a plain "at" and an address: "priya.ramesh at example.in", "tom_b at example .co.uk".
    // ("look at webmd.com" has no such name before its "at".)
    kind: "email",
    rule: "email/spelled",
    pattern: new RegExp(`(?<![\\w.%+-])(?:${HANDLE})\\s+at\\s+${LABEL}(?:\\.${LABEL}){0,3}\\s?\\.${TLD}\\b`, "gi"),
    needs: /\sat\s+[a-z0-9-]+(?:\.[a-z0-9-]+)*\s?\.[a-z]{2}/i,
  },
  {
    // A user name no word is, "at the" and a big provider: "kaz dot wild at the big G", "bhatt1982 at the hotmail".
    kind: "email",
    rule: "email/provider",
    pattern: new RegExp(
      `(?<![\\w.%+-])(?:${HANDLE}|${SPOKEN_HANDLE}|\\d{2,4})\\s+at\\s+the\\s+${MAIL_PROVIDERS}\\b`,
      "gi",
    ),
  },
  {
    // The provider named first, then the name: "my gmail is the name sunitaray82", "my hotmail: j.okoro77".
    kind: "email",
    rule: "email/provider",
    pattern: new RegExp(
      `\\b(?:gmail|hotmail|yahoo|outlook|icloud|proton(?:mail)?|gmx)(?:\\s+(?:address|account|id))?(?:\\s+is|\\s*[:=]|,?\\s+it['’]?s|,)\\s+(?:(?:the\\s+name|just|simply)\\s+)?(?:${HANDLE}|${SPOKEN_HANDLE})(?![\\w@])`,
      "gi",
    ),
  },
  {
    // The name and the domain told apart: "name is alice.ferrand, domain is example.fr".
    kind: "email",
    rule: "email/spelled",
    pattern: new RegExp(
      `\\bname\\s+is\\s+${LOCAL_PART},?\\s+(?:and\\s+)?(?:the\\s+)?domain\\s+is\\s+${LABEL}(?:\\.${LABEL}){0,3}\\.${TLD}\\b`,
      "gi",
    ),
    needs: /\bdomain\s+is\b/i,
  },
  {
    // Dashes for spaces: "jane-at-gmail-dot-com".
    kind: "email",
    rule: "email/spelled",
    pattern: new RegExp(`(?<![\\w.%+-])[a-z0-9][\\w.%+]*-at-${LABEL}-dot-${TLD}\\b`, "gi"),
  },
];

// --- street address ---
// Words that sit between a number and "street"/"road" in ordinary prose ("3 blocks down the street",
// "20 mg St John's wort"); a house number is followed by a name instead.
const NOT_A_STREET_NAME =
  "(?!(?:the|a|an|of|on|in|at|to|for|by|from|with|down|up|across|along|off|over|and|or|is|was|i|we|it|my|our|your|his|her|their|this|that|more|other|another|same|mg|mcg|ml|g|kg|lb|lbs|iu|mile|miles|km|kms|block|blocks|min|mins|minutes?|hours?|hrs?|days?|weeks?|months?|years?|times?|doses?|pills?|tablets?|capsules?|drops?|cups?|am|pm|sex|people|patients)\\b)";
// "St" and "Dr" are also Saint and Doctor: followed by a name ("St John's", "Dr Patel") they are titles.
const TITLE_NOT_STREET = "(?!\\.?\\s+(?!(?:apt|apartment|suite|ste|unit|fl|floor|in|near|and|or|[nsew])\\b)[a-z])";
const STREETS: Detector[] = [
  {
    kind: "street_address",
    rule: "street_address/number_street",
    digitWithin: 1,
    pattern: new RegExp(
      `(?<![\\w.,/-])\\d{1,6}[a-z]?\\s+(?:${NOT_A_STREET_NAME}[a-z0-9][a-z0-9'-]*\\.?\\s+){1,3}` +
        `(?:(?:street|avenue|boulevard|ave|rd|blvd|ln|pkwy|hwy)\\b|(?:st|dr|ct|pl)\\b${TITLE_NOT_STREET})`,
      "gi",
    ),
  },
  {
    // "Road", "Lane", "Way", "Place", "Drive", "Court" are everyday words; count them only after a Capitalised name.
    kind: "street_address",
    rule: "street_address/number_named_street",
    digitWithin: 1,
    pattern:
      /(?<![\w.,/-])(?:\d{1,4}\/)?\d{1,6}[A-Za-z]?\s+(?:[A-Z0-9][A-Za-z0-9'-]*\.?\s+){1,3}(?:[Rr]oad|[Ll]ane|[Dd]rive|[Cc]ourt|[Ww]ay|[Pp]lace|[Cc]ircle|[Tt]errace|[Pp]arkway|[Hh]ighway|[Ss]quare|[Tt]rail|[Cc]rescent|[Cc]lose|[Gg]rove|[Gg]ardens|[Mm]ews|[Rr]ow)\b/g,
  },
  {
    kind: "street_address",
    rule: "street_address/unit",
    pattern:
      /\b(?:apt|apartment|suite|ste|flat)\.?\s*(?:#\s*)?\d+[a-z]?\b|\bunit\s*#\s*\d+[a-z]?\b|\bp\.?\s?o\.?\s+box\s+\d+|\bplot\s+(?:no\.?\s*)?\d+[a-z]?,/gi,
  },
  {
    // France, Belgium, Switzerland: "14 rue des Lilas", "3 bis avenue Foch".
    kind: "street_address",
    rule: "street_address/number_rue",
    pattern:
      /(?<![\w.,/-])\d{1,4}(?:\s?(?:bis|ter))?,?\s+(?:rue|avenue|av\.|boulevard|bd|allée|allee|chemin|impasse|quai|route|cours|place|square)\s+(?:(?:d[eu]s?|de\s+la|l'|la|le)\s*)?\p{Lu}/giu,
    // (With the i flag \p{Lu} reads any letter: "naproxen 500 bd with food" is a dose twice a day.)
    check: (m) => !/\bbd\s/i.test(m[0]) || /\p{Lu}/u.test(m[0].at(-1) ?? ""),
  },
  {
    // Germany, Austria, the Netherlands, Scandinavia: the street type is the end of the name, the number after it.
    kind: "street_address",
    rule: "street_address/strasse_number",
    // Capitalised as written, or in lower case with a name before the type ("van woustraat 87-2").
    pattern:
      /(?<![\p{L}])(?:\p{Lu}\p{L}{0,30}?|\p{Ll}{2,30}?)(?:straße|strasse|str\.|weg|gasse|platz|allee|damm|ufer|gracht|laan|straat|plein|kade|singel|vej|gatan|vägen|gade|veien|gata)\s+\d{1,4}[a-z]?\b/gu,
  },
  {
    // Italy, Spain, Portugal, Latin America: "Via Roma 15", "Calle Mayor 5".
    kind: "street_address",
    rule: "street_address/via_number",
    pattern:
      /(?<![\p{L}])(?:Via|Viale|Piazza|Corso|Largo|Calle|Avenida|Plaza|Paseo|Rua|Praça|Carrer|Rambla)\s+(?:\p{L}+,?\s+){0,3}\d{1,4}\b/gu,
  },
  {
    // "Springfield, IL 62704": the comma and a real state code keep "vitamin D 2000 IU" and "NEJM 2021" out.
    kind: "street_address",
    rule: "street_address/us_state_zip",
    pattern:
      /,\s*(?:A[KLRZ]|C[AOT]|D[CE]|FL|GA|HI|I[ADLN]|K[SY]|LA|M[ADEINOST]|N[CDEHJMVY]|O[HKR]|PA|RI|S[CD]|T[NX]|UT|V[AT]|W[AIVY])\s+\d{5}(?:-\d{4})?\b/g,
  },
  {
    // UK postcode: "NW1 6XE", "M14 5TG", "SW1A 1AA" (capitals, as addresses are written).
    kind: "street_address",
    rule: "street_address/uk_postcode",
    pattern: /(?<![\w-])[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}(?![\w-])/g,
  },
  {
    // A UK postcode in lower case after a town and a comma or a street: ", dundee dd4 7rt". Not a dose ("b12 3mg").
    kind: "street_address",
    rule: "street_address/uk_postcode",
    pattern: /,\s*[a-z]{3,}\s+[a-z]{1,2}\d[a-z\d]?\s\d(?!mg|ml|iu|am|pm|hr|kg|lb|wk|yr|st|nd|rd|th)[a-z]{2}(?![\w-])/g,
  },
  {
    // Canadian postal code: "M5V 2A2".
    kind: "street_address",
    rule: "street_address/ca_postcode",
    pattern: /(?<![\w-])[ABCEGHJ-NPRSTVXY]\d[A-Z]\s?\d[A-Z]\d(?![\w-])/g,
  },
  {
    // Australian state and postcode: "Sydney NSW 2000".
    kind: "street_address",
    rule: "street_address/au_state_postcode",
    pattern: /(?<![\w-])(?:NSW|VIC|QLD|TAS|ACT|NT|WA|SA)\s+\d{4}(?![\w-])/g,
  },
  {
    // Continental postcode and town after a comma: ", 75011 Paris", ", 10115 Berlin", ", 1015 CJ Amsterdam".
    kind: "street_address",
    rule: "street_address/postcode_town",
    pattern:
      /,\s*(?:[A-Z]{1,2}-)?(?:\d{4,5}(?:\s?(?!IU|MG|ML|AM|PM)[A-Z]{2})?|\d{4}-\d{3}|\d{2}-\d{3}|\d{5}-\d{3}|\d{3}\s\d{2})\s+\p{Lu}\p{Ll}+/gu,
  },
  {
    // Irish Eircode: "D02 X285".
    kind: "street_address",
    rule: "street_address/eircode",
    pattern: /(?<![\w-])[AC-FHKNPRTV-Y]\d{2}\s?[AC-FHKNPRTV-Y0-9]{4}(?![\w-])/g,
    check: (m) => /[A-Z]/.test(m[0].slice(3)) && /\d/.test(m[0].slice(3)),
  },
  {
    // Japanese postcode: "〒104-0061", or after a town: ", Tokyo 104-0061".
    kind: "street_address",
    rule: "street_address/jp_postcode",
    pattern: /〒\s?\d{3}-\d{4}(?!\d)|,\s*(?:\p{Lu}\p{Ll}+\s+){1,2}\d{3}-\d{4}(?![\d-])/gu,
  },
  {
    // Indian PIN code after a town: ", Mumbai 400001", ", Bengaluru - 560001".
    kind: "street_address",
    rule: "street_address/town_pin",
    pattern: /,\s*\p{Lu}\p{Ll}+\s*[-\u2013]?\s*[1-9]\d{5}(?!\d)/gu,
  },
];

// --- date of birth ---
// English, and the French, Spanish and German months ("25 décembre 1940", "3 de mayo de 1962", "5. März 1971").
// (The foreign names first, so that "mars" and "juni" are read whole, not as "mar" and "jun".)
const MONTH =
  "(?:janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre" +
  "|enero|febrero|marzo|abril|mayo|junio|julio|agosto|sep?tiembre|octubre|noviembre|diciembre" +
  "|januar|februar|m[äa]rz|juni|juli|oktober|dezember" +
  "|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?";
const ORDINAL = "(?:st|nd|rd|th)?";
const DAY_WORD =
  "(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth|twenty[\\s-](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|thirty[\\s-]first)";
const YEAR =
  "(?:\\d{4}|'\\d{2}|\\d{2}|(?:nineteen|twenty)[\\s-]\\w+(?:[\\s-]\\w+)?|two\\s+thousand(?:\\s+and)?(?:\\s+[a-z]+)?)";
// A day said as a number ("July nineteen", "nine October"): read so only next to a month and after a birth label.
const DAY_CARDINAL =
  "(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty(?:[\\s-](?:one|two|three|four|five|six|seven|eight|nine))?|thirty(?:[\\s-]one)?)";
// A date with its year, in digits: day, month and year in either order, or the year first; eight digits run together
// ("19880605", "05061988").
const COMPACT_DATE =
  "(?:19|20)\\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])|(?:0[1-9]|[12]\\d|3[01])(?:0[1-9]|1[0-2])(?:19|20)\\d{2}";
const FULL_DATE = `(?:\\d{1,2}[/.-]\\d{1,2}[/.-]\\d{2,4}|\\d{4}[/.-]\\d{1,2}[/.-]\\d{1,2}|${COMPACT_DATE})`;
const DATE =
  `(?:\\d{1,2}[/.-]\\d{1,2}(?:[/.-]\\d{2,4})?|\\d{4}[/.-]\\d{1,2}[/.-]\\d{1,2}|${COMPACT_DATE}` +
  // "3 de mayo de 1962", "5. März 1971"
  `|\\d{1,2}\\.?\\s+(?:de\\s+)?${MONTH}(?:,?\\s+(?:de\\s+)?${YEAR})?` +
  `|${MONTH}\\s+(?:the\\s+)?(?:\\d{1,2}${ORDINAL}|${DAY_WORD})(?:,?\\s+${YEAR})?` +
  `|(?:the\\s+)?(?:\\d{1,2}${ORDINAL}|${DAY_WORD})\\s+(?:of\\s+)?${MONTH}(?:,?\\s+${YEAR})?` +
  `|${MONTH},?\\s+\\d{4}` +
  `|${MONTH}\\s+${DAY_CARDINAL},?\\s+${YEAR}|${DAY_CARDINAL}\\s+${MONTH},?\\s+${YEAR}` +
  // "14-Mar-1986", "Mar-14-86", "14 Mar. 1986"
  `|\\d{1,2}[-/.]${MONTH}[-/.]\\d{2,4}|${MONTH}[-/.]\\d{1,2}[-/.]\\d{2,4}` +
  // "the 9th of the 7th, 86" (day and month as ordinals)
  `|(?:the\\s+)?\\d{1,2}(?:st|nd|rd|th)\\s+of\\s+the\\s+\\d{1,2}(?:st|nd|rd|th)(?:,?\\s+${YEAR})?` +
  // the year first: "1945 Nov 5th", "1962, the twentieth of June", "nineteen seventy one, august the third"
  `|(?:\\d{4}|(?:nineteen|twenty)[\\s-][a-z]+(?:[\\s-][a-z]+)?),?\\s+(?:on\\s+)?(?:${MONTH}\\s+(?:the\\s+)?(?:\\d{1,2}${ORDINAL}|${DAY_WORD})` +
  `|(?:the\\s+)?(?:\\d{1,2}${ORDINAL}|${DAY_WORD})\\s+(?:of\\s+)?${MONTH}))`;
// Each separator between label and date owns the spaces before it, so there is one way to match a run of them
// (a looser "\s*[:-]\s*" repeated would backtrack exponentially on "born :  :  :  :").
// A bare date is just a date ("started on 03/14/2020"); it is a birth date only when labelled as one.
// A birth year alone ("born in 1985") is left alone: it identifies no one.
const BIRTH_LABEL =
  "(?<![a-z])(?:d\\.?\\s?o\\.?\\s?b\\b\\.?|date\\s+of\\s+birth|birth\\s*date|birthday(?:'s|s)?|b-?day|born|n[ée]e|n[ée](?=\\s+le\\s)|geboren|nacid[oa])";
const DATES_OF_BIRTH: Detector[] = [
  {
    kind: "date_of_birth",
    rule: "date_of_birth/labelled",
    pattern: new RegExp(
      `${BIRTH_LABEL}` + `(?:\\s*[:#=-]|\\s+(?:is|was|on|the|in|le|el|am)\\b){0,3}\\s*${DATE}(?![\\d/])`,
      "gi",
    ),
    starts: { pattern: new RegExp(BIRTH_LABEL, "gi") },
  },
  {
    // "b." for born, before a whole date: "b. 1990-06-14", "b. 5/6/88".
    kind: "date_of_birth",
    rule: "date_of_birth/labelled",
    pattern: new RegExp(`(?<![a-z])b\\.\\s?${FULL_DATE}(?![\\d/])`, "gi"),
  },
  {
    // The date first, then what it is: "I'm 1998-05-30 born", "nineteen seventy-two, April the fifth, that's my
    // birthday", "12/03/1961 is my date of birth".
    kind: "date_of_birth",
    rule: "date_of_birth/labelled",
    pattern: new RegExp(
      `(?<![\\w/.-])${DATE},?\\s+(?:born\\b|(?:(?:that['’]?s|that\\s+is|is|was|=|being)\\s+)?(?:my|his|her|mum['’]?s|mom['’]?s|dad['’]?s|the)\\s+(?:birthday|b-?day|dob|d\\.o\\.b|date\\s+of\\s+birth|birth\\s*date))`,
      "gi",
    ),
    window: { cue: /born|birthday|b-?day|dob|d\.o\.b|date\s+of\s+birth|birth\s*date/gi, before: 80 },
  },
  {
    // A whole date, day, month and a year before 2006, with no label: a birth date far more often than anything a
    // reader dates in health talk ("8 August 1990", "3/11/1948"); recent dates (a dose, an appointment) are left.
    kind: "date_of_birth",
    rule: "date_of_birth/old_date",
    check: (m, t) => !/[./-]/.test(t[m.index - 1] ?? ""),
    pattern: new RegExp(
      `\\b(?:\\d{1,2}[/.-]\\d{1,2}[/.-](?:19[2-9]\\d|200[0-5])` +
        `|\\d{1,2}${ORDINAL}\\s+(?:of\\s+)?${MONTH},?\\s+(?:19[2-9]\\d|200[0-5])` +
        `|${MONTH}\\s+\\d{1,2}${ORDINAL},?\\s+(?:19[2-9]\\d|200[0-5]))(?![\\d/])`,
      "gi",
    ),
  },
  {
    // The year first: "1998-05-30", "1990/04/18".
    kind: "date_of_birth",
    rule: "date_of_birth/old_date",
    check: (m, t) => !/[./-]/.test(t[m.index - 1] ?? ""),
    pattern: /\b(?:19[2-9]\d|200[0-5])[/.-](?:0?[1-9]|1[0-2])[/.-](?:0?[1-9]|[12]\d|3[01])(?![\d/])/g,
  },
  {
    // The same in words, the year spoken: "the fourteenth of February, nineteen fifty", "June the third, nineteen
    // eighty-two". Only a birth date is said so.
    kind: "date_of_birth",
    rule: "date_of_birth/old_date",
    pattern: new RegExp(
      `\\b(?:(?:the\\s+)?${DAY_WORD}\\s+(?:of\\s+)?${MONTH}|${MONTH}\\s+(?:the\\s+)?${DAY_WORD}),?\\s+nineteen[\\s-][a-z]+`,
      "gi",
    ),
    needs: /nineteen/i,
  },
];

// --- record, insurance and identity numbers ---
// The word that says "number", in the wordings readers use: "no.", "nos", "#", "n°", "Nr.", "numéro", "número".
const ID_WORD = "(?:(?:id|numbers?|num|nos?|nr|nbr|nro|nummer|num[eé]ro|n[uú]mero)\\b\\.?|#|n\\s?°)";
const RECORD_LABEL_START =
  `(?:mrn|ssn|phn|ohip|urn?|ppsn?|carte\\s+vitale|versicherten(?:nummer|-?nr)|versicherungsnummer|social\\s+security(?:\\s+${ID_WORD})?|medical\\s+record(?:\\s+${ID_WORD})?` +
  `|national\\s+insurance(?:\\s+${ID_WORD})?|(?:health\\s+)?insurance\\s+(?:card|policy)(?:\\s+${ID_WORD})?` +
  "|(?:patient|chart|hospital|member|membership|mem|subscriber|policy|group|account|acct|insurance|medicare|medicaid" +
  // Whatever a service numbers a person or their file by: "case number", "reference no.", "admission #".
  "|case|reference|ref|admission|encounter|visit|episode|registration|client|customer|enrol?ment|dossier|folder|fund" +
  "|identity|identification|personal|record|records|unit|bracelet|wristband|id" +
  "|health\\s+card|health\\s+insurance|nhs|ehic|chi|claim|beneficiary|ni|personal\\s+health|medicare\\s+card|social\\s+insurance" +
  "|sin|insurance\\s+card|plan|file|scheme|medical\\s+aid|aetna|cigna|humana|kaiser|anthem|bupa|axa|allianz|medibank|tricare|molina|oscar" +
  "|blue\\s+(?:cross|shield)|united\\s*healthcare)" +
  `(?:\\s+(?:member|policy|card|plan))?\\s*${ID_WORD}` +
  // A card is its number: "health card 1234-567-890-AB", "my health card is 9876 543 210".
  `|(?:health|medicare|medicaid|insurance|member(?:ship)?|nhs|ehic|hospital|clinic)\\s+card(?:\\s+${ID_WORD})?` +
  // Or a label and a colon: "member: 88102934", "patient: RX-4410".
  "|(?:member|membership|patient|subscriber|policy|medicare|medicaid|mrn|nhs|file)(?=\\s*:)";
const FOREIGN_LABEL =
  // German compounds that end in "number": "Fallnummer", "Mitgliedsnummer", "Patienten-Nr.".
  "|[a-zäöüß]{3,24}(?:nummer|-?nr\\b\\.?)" +
  // The Romance order, the number word first: "numéro de dossier", "n° de sécurité sociale", "número de afiliado".
  "|(?:num[eé]ro|n[uú]mero|n\\s?°|nro\\.?)\\s*(?:de\\s+|d')?(?:l'|la\\s+)?(?:dossier|patient|paciente|adh[eé]rent|assur[eé]e?" +
  "|s[eé]curit[eé]\\s+sociale|s[eé]cu|afiliad[oa]|socio|historia(?:\\s+cl[ií]nica)?|expediente|seguro|tessera|membre|cliente?)";
/**
 * What every foreign label holds (under the same case folding): a text without any of these cannot match
 * FOREIGN_LABEL, so its patterns run without it (the compounds' look at every word cost a third of the patterns' time).
 */
const FOREIGN_LABEL_HINT = /nummer|nro|n\s?°|num[eé]ro|n[uú]mero/i;
const NR_WORD_END = /[a-zäöüß]{3}-?$/i;
/**
 * Whether a foreign label may be in the text: FOREIGN_LABEL_HINT, or "nr" ending a word of three letters or more
 * ("Patienten-Nr", "Versichertennr"): "INR 2.4" is a lab value, not a label.
 */
function foreignLabelHint(f: Facts): boolean {
  if (FOREIGN_LABEL_HINT.test(f.text)) return true;
  const text = lower(f);
  for (let at = text.indexOf("nr"); at >= 0; at = text.indexOf("nr", at + 2)) {
    if (/[\w]/.test(text[at + 2] ?? "")) continue;
    if (NR_WORD_END.test(text.slice(Math.max(0, at - 4), at))) return true;
  }
  return false;
}
const RECORD_LABEL = `${RECORD_LABEL_START}${FOREIGN_LABEL})`;
const RECORD_LABEL_LITE = `${RECORD_LABEL_START})`;
// The identifier: up to five groups of letters and digits joined by single spaces or dashes, holding at least
// four digits. Bounded, so a body of "mrn-mrn-mrn-…" costs a constant amount at each label (the look-ahead the
// pattern had before rescanned the rest of the text from every label).
// Digits first, or a short letter prefix and then digits ("W123456789", "BCX 9988 7766 5", "1EG4-TE5-MK73").
const IDENTIFIER = "(?:[a-z]{1,4}[ ./-]?)?\\d[a-z0-9]{0,15}(?:[ ./-][a-z0-9]{1,16}){0,4}";
/**
 * Enough digits in the identifier itself (after the label). An identifier starts with digits or a short letter
 * prefix ("BCX 9988 7766 5", "W123456789") and ends before the first word ("… changed in 2019" is no identifier).
 */
const YEAR_SPAN = /^(?:19|20)\d{2}\s?[-–/]\s?(?:(?:19|20)\d{2}|\d{2})(?![\w-]|[ ./]\d)/;
function identifierWith(minDigits: number): Check {
  return (m) => {
    // A span of years is no one's number: "my insurance 2019-2023 was fine".
    if (YEAR_SPAN.test(m[1] ?? "")) return false;
    const groups = (m[1] ?? "").split(/[ ./-]/);
    const taken: string[] = [];
    for (const g of groups) {
      if (!/\d/.test(g) && g.length > 4) break;
      taken.push(g);
    }
    const id = taken.join("");
    const digits = digitCount(id);
    // Letters among the digits ("1EG4-TE5-MK72") make an identifier of fewer digits: no year or dose looks so.
    return digits >= minDigits || (digits >= 4 && id.length >= 8 && /[a-z]/i.test(id) && /^[a-z]{0,4}\d/i.test(id));
  };
}

/** A reference is a person's only when nothing before it says whose: "my online order ref is 4471-2290-1183" is not. */
// A reference of a thing, not of a person: "reference 2026/0441 on the complaint", "ref number 204-8831-7 for my blood
// test booking", "Reference number for the referral is …".
const THING_REFERRED =
  /\b(?:on|for|from|of)\s+(?:(?:the|my|your|a|an|this|his|her|our)\s+)?(?:[a-z-]+\s+){0,2}?(?:complaint|referral|booking|scan|appointment|appt|prescription|order|delivery|invoice|parcel|package)\b/i;
const notAnOrderReference: Check = (m, t) =>
  !/^(?:ref|registration)/i.test(m[0]) ||
  (!labelledOtherwise(m, t) && !THING_REFERRED.test(t.slice(m.index, m.index + m[0].length + 60)));
const both =
  (a: Check, b: Check): Check =>
  (m, t) =>
    a(m, t) && b(m, t);

/** A pattern with the foreign labels, and the same without them for a text that cannot hold one. */
const withForeignLabels = (source: (label: string) => string) => ({
  pattern: new RegExp(source(RECORD_LABEL), "gi"),
  withoutForeignLabels: new RegExp(source(RECORD_LABEL_LITE), "gi"),
  starts: RECORD_LABEL_STARTS,
});
const RECORD_LABEL_STARTS = {
  pattern: new RegExp(`(?<![a-z])${RECORD_LABEL}`, "gi"),
  withoutForeignLabels: new RegExp(`(?<![a-z])${RECORD_LABEL_LITE}`, "gi"),
};
const PERSON_LABEL =
  "(?<![a-z])(?:member(?:ship)?|mem|subscriber|mbr|policy|medicare|medicaid|patient\\s+(?:reference|ref)|record|chart|urn|nhi|ihi|chi|hosp(?:ital)?\\s+reg(?:istration)?(?:\\s+no\\.?)?|mitglieds?-?nr\\.?" +
  "|(?<!\\bin\\s)case|reference|ref|dossier|fall|akte|client|customer|account|acct|claim|episode|admission|registration|insurance|insurer)";

const RECORDS: Detector[] = [
  {
    kind: "record_number",
    rule: "record_number/labelled",
    ...withForeignLabels(
      (label) => `(?<![a-z])${label}(?:\\s*[:#=,-]|\\s+(?:is|was|number)\\b){0,3}\\s*(${IDENTIFIER})`,
    ),
    check: both(identifierWith(4), notAnOrderReference),
  },
  {
    // A few words between the label and the number ("my policy number with Aetna is W123456789"): only a long
    // number counts, so "insurance number changed in 2019" does not.
    kind: "record_number",
    rule: "record_number/labelled_later",
    ...withForeignLabels(
      (label) =>
        `(?<![a-z])${label}(?:,?\\s+[a-z'’]{2,16}){1,6}?(?:\\s*[:#=,-]|\\s+(?:is|was)\\b){0,2}\\s*(${IDENTIFIER})`,
    ),
    check: both(identifierWith(6), notAnOrderReference),
  },
  {
    // A label that names a person's number, and the number straight after it, without "number" or "#" between:
    // "member 118-442-90-01", "subscriber 7719 2204 18", "policy 0448 1920 7717", "URN 448102", "Mitglied-Nr. 4417…".
    // Six digits or more, so "member since 2019" and "policy 2b" are not numbers of anyone.
    kind: "record_number",
    rule: "record_number/label_number",
    pattern: new RegExp(`${PERSON_LABEL}(?:\\s*[:#=,-]|\\s+(?:is|was)\\b){0,2}\\s*(${IDENTIFIER})`, "gi"),
    starts: { pattern: new RegExp(PERSON_LABEL, "gi") },
    check: both(identifierWith(6), notAnOrderReference),
  },
  {
    // The number first, then what it is: "77231904 is my record no.", "88120457 XQZ is the id on my card",
    // "4471 2290 18 = member number". Six digits or more.
    kind: "record_number",
    rule: "record_number/number_then_label",
    pattern: new RegExp(
      "(?<![\\w./+-])(\\d[\\d -]{4,18}\\d)(?:\\s+[a-z]{1,4})?\\s*(?:\\s(?:is|was)\\s|=|-|:)\\s*(?:(?:my|the|our|his|her|their|your)\\s+)?" +
        "(?:[a-z]{2,16}\\s+){0,3}?(?:record|chart|patient|member|membership|policy|insurance|nhs|medicare|medicaid|case|file" +
        "|reference|ref|id|account|claim|hospital|client|mrn|subscriber|dossier)(?:\\s+" +
        ID_WORD +
        ")?(?![a-z])",
      "gi",
    ),
    check: (m) => digitCount(m[1] ?? "") >= 6,
    // Its label words: without one, a body of digits and separators ("1-2 1-2 …") cost 0.8 ms in backtracking.
    needs:
      /record|chart|patient|member|policy|insurance|nhs|medicare|medicaid|case|file|ref|id|account|claim|hospital|client|mrn|subscriber|dossier/i,
  },
  {
    // A UK National Insurance number: two letters, three pairs of digits, a letter A to D ("QQ 12 34 56 C").
    kind: "record_number",
    rule: "record_number/ni_shape",
    pattern: /(?<![\w-])[A-CEGHJ-PR-TW-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D](?![\w-])/g,
  },
  {
    // US social security number shape, labelled or not: 3-2-4 digits hardly occurs otherwise.
    kind: "record_number",
    rule: "record_number/ssn",
    pattern: /(?<![\w./-])\d{3}-\d{2}-\d{4}(?![\w/-]|[.,]\d)/g,
  },
  // Identifiers whose shape says what they are, written without a label.
  {
    // Identity and insurance numbers whose shape is their own, in one pattern (one scan of the text):
    // US Medicare (MBI), 11 characters, a digit, a letter, …, two letters and two digits: "1EG4-TE5-MK73";
    // a Canadian health card with its version code: "5584-486-674-YM";
    // a French social security number (NIR), sex, year, month, place, order, key: "2 84 05 69 123 045 66";
    // a Swiss social insurance number (AHV): "756.9217.0769.85".
    kind: "record_number",
    rule: "record_number/shape",
    digitWithin: 1,
    pattern:
      /(?<![\w.-])(?:[1-9][a-z][a-z\d]\d-?[a-z][a-z\d]\d-?[a-z]{2}\d{2}|\d{4}[- ]?\d{3}[- ]?\d{3}[- ]?[a-z]{2}|[12]\s?\d{2}\s?(?:0[1-9]|1[0-2])\s?(?:\d{2}|2[ab])\s?\d{3}\s?\d{3}(?:\s?\d{2})?|756[.\s]?\d{4}[.\s]?\d{4}[.\s]?\d{2})(?![\w.-])/gi,
  },
  {
    // A member or record number of letters and digit groups: "XEH 882 194 103", "W27-481-9930", "XEH882194103":
    // seven digits or more after a short prefix of letters, no label saying it is a lot, a study or a product.
    // Spaced from its digits, the prefix is written in capitals ("text 5551234567" is a word and a number); each
    // group of digits after the first follows a separator, so a long run of digits splits one way only.
    kind: "record_number",
    rule: "record_number/id_shape",
    // Up to four letters, then a digit, or a space or dash and a digit.
    digitWithin: 6,
    startsAt: asciiLetterAtWordStart,
    pattern: /\b(?<!\d\w*\s)(?:[A-Z]{1,4}\d{0,4}[ -]\d{2,}|[A-Za-z]{1,4}\d+)(?:[ -]\d{2,}){0,3}(?![\w/-]|[.,]\d)/g,
    check: (m, t) => looksLikeAnId(m, t) && !NOT_AN_ID_PREFIX.has((/^[a-z]*/i.exec(m[0])?.[0] ?? "").toLowerCase()),
  },
  {
    // The same with letters at the end: "2023-88413-B", "1234567TA" (an Irish PPS number).
    kind: "record_number",
    rule: "record_number/id_shape",
    digitWithin: 1,
    pattern: /\b\d{3,}(?:-\d{2,}){0,3}-?[A-Za-z]{1,2}\b/g,
    check: looksLikeAnId,
  },
];

// Street types that end a name ("Hauptstraße 12", "Keizersgracht 123"): a text without any of them skips the pattern.
const STREET_TYPES =
  /straße|strasse|str\.|weg|gasse|platz|allee|damm|ufer|gracht|laan|straat|plein|kade|singel|vej|gatan|vägen|gade|veien|gata/i;
// The strasse_number pattern's street type, as it is written there (no case folding), ending the text.
const STREET_TYPE_LAST =
  /(?:straße|strasse|str\.|weg|gasse|platz|allee|damm|ufer|gracht|laan|straat|plein|kade|singel|vej|gatan|vägen|gade|veien|gata)$/u;
const SPACE = /\s/;
/** Whether a street type and spaces stand before a digit: what the strasse_number pattern needs to match at all. */
function streetTypeBeforeDigit(f: Facts): boolean {
  const t = f.text;
  if (digitsAreMany(f)) return true;
  for (const d of f.digitAt) {
    let k = d - 1;
    while (k >= 0 && SPACE.test(t[k])) k--;
    if (k < d - 1 && k >= 0 && STREET_TYPE_LAST.test(t.slice(Math.max(0, k - 7), k + 1))) return true;
  }
  return false;
}
/** Seven digits or more, not inside a longer token, not labelled as something else, not a measure, not a hex id. */
function looksLikeAnId(m: RegExpExecArray, t: string): boolean {
  return (
    m[0].length >= 7 &&
    !/[./-]/.test(t[m.index - 1] ?? "") &&
    digitCount(m[0]) >= 7 &&
    !labelledOtherwise(m, t) &&
    !unitAfter(m, t) &&
    !unlabelledHexId(m, t)
  );
}

// A machine's id in hexadecimal ("e6019836", "1970465a-5", "3fa85f64-5717-…"): a token of the letters a to f and
// digits only, its letters glued to its digits. A run of digits in it (about one random 8-character hex id in 28 has
// six or more) is not a record number unless a label says so: "member id ab1234567" still is.
const HEX_TOKEN = /^[\da-f]+(?:-[\da-f]+)*$/i;
const HEX_GLUED = /(?:^|-)(?:[a-f]+\d|\d+[a-f])/i;
const TOKEN_CHAR = /[\w-]/;
const LABEL_NEAR =
  /(?<![a-z])(?:mrn|ssn|urn|nhs|nhi|chi|ppsn?|id|ids|number|numbers|no|nos|nr|num|record|records|chart|patient|member|membership|mem|mbr|subscriber|policy|insurance|insurer|medicare|medicaid|card|case|file|ref|reference|account|acct|claim|hospital|client|customer|dossier|plan|group|beneficiary|registration|nummer)(?![a-z])|#|n\s?°/i;
function unlabelledHexId(m: RegExpExecArray, t: string): boolean {
  let start = m.index;
  let end = m.index + m[0].length;
  while (start > 0 && TOKEN_CHAR.test(t[start - 1])) start--;
  while (end < t.length && TOKEN_CHAR.test(t[end])) end++;
  const token = t.slice(start, end);
  if (!HEX_TOKEN.test(token) || !HEX_GLUED.test(token)) return false;
  return !LABEL_NEAR.test(t.slice(Math.max(0, start - 48), start)) && !LABEL_NEAR.test(t.slice(end, end + 32));
}

// Letters that begin other kinds of number: a trial, a paper, a drug code, a lot, a diagnosis, a unit.
const NOT_AN_ID_PREFIX = new Set(
  "nct pmid pmc isbn issn doi ndc din upc sku lot icd cas ec ref mg mcg ml iu kg lb lbs am pm gmt utc us uk eu tel fax ph no nr ext x v vs".split(
    " ",
  ),
);
const YEAR_BEFORE_2006 = /(?:19[2-9]\d|200[0-5])(?!\d)/;
const SPOKEN_YEAR = /\bnineteen[\s-][a-z]/i;
const OLD_YEAR_FIRST = /(?:19[2-9]\d|200[0-5])[/.-]\d/;
const MAYBE_EMAIL_ADDRESS = /@|[([{<]\s*(?:at?(?:\s+sign)?|arroba|arobase|chiocciola)\s*[)\]}>]|['"‘’“”]at['"‘’“”]/i;
const MAYBE_SPELLED_EMAIL =
  /\bat\b[^\n]{1,80}?\b(?:dot|full\s+stop|period|point|punto|punkt)\b|\sat\s+[a-z0-9-]+(?:\.[a-z0-9-]+)*\s?\.[a-z]{2}/i;
// The words for "@", and "domain is" (one look for them all: nine look-ups of a lower-cased copy cost four times as much).
const NAMED_AT_WORDS = /arobase|arroba|chiocciola|klammeraffe|at[\s-](?:sign|symbol)|then\s+at|domain\s+is/i;
const MAYBE_PROVIDER = new RegExp(`\\bat\\s*[)\\]}>]?\\s*(?:${PROVIDERS}|${MAIL_PROVIDERS})\\b`, "i");
const PROVIDER_NAMES = /gmail|hotmail|yahoo|outlook|icloud|proton|gmx/i;
const MAYBE_BIRTH = /born|birth|b-?day|d\.?\s?o\.?\s?b|n[ée]e?\s+(?:le\s+)?\d|geboren|nacid|\bb\.\s?\d/i;
const MIXED_DIGITS =
  /\d(?:zero|one|two|three|four|five|six|seven|eight|nine|oh)|(?:zero|one|two|three|four|five|six|seven|eight|nine|oh)\d/i;
// Looked for only beside the digits (a letter next to one first): the same answer as MIXED_DIGITS over the text,
// without trying its words at every letter.
// (Where digits are many, as in a long number, one pass of a class over the text is cheaper: a letter by a digit.)
const LETTER_BY_DIGIT = /\d[a-z]|[a-z]\d/i;
const DIGIT_WORD_FIRST = /^(?:zero|one|two|three|four|five|six|seven|eight|nine|oh)/i;
const DIGIT_WORD_LAST = /(?:zero|one|two|three|four|five|six|seven|eight|nine|oh)$/i;
/** A digit in every four characters or more: reading at each digit would cost more than a pass over the text. */
const digitsAreMany = (f: Facts) => f.digits * 4 >= f.text.length;
const isAsciiLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
/** MIXED_DIGITS.test(f.text), read at the digits only. */
function digitWordNextToDigit(f: Facts): boolean {
  const t = f.text;
  if (digitsAreMany(f)) return LETTER_BY_DIGIT.test(t) && MIXED_DIGITS.test(t);
  for (const d of f.digitAt) {
    if (isAsciiLetter(t.charCodeAt(d + 1)) && DIGIT_WORD_FIRST.test(t.slice(d + 1, d + 6))) return true;
    if (d > 0 && isAsciiLetter(t.charCodeAt(d - 1)) && DIGIT_WORD_LAST.test(t.slice(Math.max(0, d - 5), d)))
      return true;
  }
  return false;
}
const SPELLED_NUMBER = /\b(?:zero|one|two|three|four|five|six|seven|eight|nine|double|triple)\b/i;
const FOREIGN_PHONE_CUE = /n[uú]m[eé]ro|portable|m[oó]vil|tel[eé]fono|t[ée]l[ée]phone|telefon|handy/i;
const LETTER_O_IN_DIGITS = /\do|o\d/i;
// Digits spaced one by one: "0 7 7 0 0 - 9 0 0".
const SPACED_DIGITS = /\d(?:[ .-]{1,3}\d(?!\d)){6}/;
const GROUPS: readonly Group[] = [
  {
    worth: (f) => f.digits >= 7,
    detectors: PHONES.filter(
      (d) => !d.rule.startsWith("phone/spelled") && d.rule !== "phone/mixed" && d.rule !== "phone/letter_o",
    ),
  },
  {
    // A phone in another language's number words is introduced in that language: "mi número es seis uno dos…".
    worth: (f) => SPELLED_NUMBER.test(f.text) || FOREIGN_PHONE_CUE.test(f.text),
    detectors: PHONES.filter(
      (d) => (d.rule === "phone/spelled" && d.withoutForeignDigits) || d.rule === "phone/spelled_pairs",
    ),
  },
  {
    worth: (f) => f.digits >= 7 && SPACED_DIGITS.test(f.text),
    detectors: PHONES.filter((d) => d.rule === "phone/spelled" && !d.withoutForeignDigits),
  },
  // (Both need a digit: a text without one skips the look, which on a long text of letters cost more than the rest.)
  {
    worth: (f) => f.digits >= 1 && digitWordNextToDigit(f),
    detectors: PHONES.filter((d) => d.rule === "phone/mixed"),
  },
  {
    worth: (f) => f.digits >= 2 && LETTER_O_IN_DIGITS.test(f.text),
    detectors: PHONES.filter((d) => d.rule === "phone/letter_o"),
  },
  { worth: (f) => MAYBE_EMAIL_ADDRESS.test(f.text), detectors: EMAILS.filter((d) => d.rule === "email/address") },
  {
    worth: (f) => MAYBE_SPELLED_EMAIL.test(f.text) || f.text.includes("-at-") || NAMED_AT_WORDS.test(f.text),
    detectors: EMAILS.filter((d) => d.rule === "email/spelled"),
  },
  {
    worth: (f) => MAYBE_PROVIDER.test(f.text) || PROVIDER_NAMES.test(f.text),
    detectors: EMAILS.filter((d) => d.rule === "email/provider"),
  },
  { worth: (f) => f.digits >= 1, detectors: STREETS.filter((d) => d.rule !== "street_address/strasse_number") },
  // Its street name is any word before the type, so it runs only where a type word stands before a number.
  {
    worth: (f) => f.digits >= 1 && streetTypeBeforeDigit(f) && STREET_TYPES.test(f.text),
    detectors: STREETS.filter((d) => d.rule === "street_address/strasse_number"),
  },
  // No digit needed: "born on the fifth of May nineteen eighty-two".
  {
    worth: (f) => MAYBE_BIRTH.test(f.text),
    detectors: DATES_OF_BIRTH.filter((d) => d.rule !== "date_of_birth/old_date"),
  },
  {
    worth: (f) => (f.digits >= 5 && YEAR_BEFORE_2006.test(f.text)) || SPOKEN_YEAR.test(f.text),
    detectors: DATES_OF_BIRTH.filter(
      (d) => d.rule === "date_of_birth/old_date" && !d.pattern.source.startsWith("\\b(?:19"),
    ),
  },
  {
    worth: (f) => f.digits >= 8 && OLD_YEAR_FIRST.test(f.text),
    detectors: DATES_OF_BIRTH.filter(
      (d) => d.rule === "date_of_birth/old_date" && d.pattern.source.startsWith("\\b(?:19"),
    ),
  },
  { worth: (f) => f.digits >= 4, detectors: RECORDS },
];

const isWordUnit = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95; // \w
/** `\b[A-Za-z]` at `at`. */
function asciiLetterAtWordStart(t: string, at: number): boolean {
  const c = t.charCodeAt(at);
  return ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) && (at === 0 || !isWordUnit(t.charCodeAt(at - 1)));
}
// Where the last text's digits are; grown when a text needs more, never shrunk.
let digitScratch = new Int32Array(1 << 10);
/** The places of the text's digits, in order. */
function digitPlaces(text: string): Int32Array {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (n === digitScratch.length) {
        const grown = new Int32Array(digitScratch.length * 2);
        grown.set(digitScratch);
        digitScratch = grown;
      }
      digitScratch[n++] = i;
    }
  }
  return digitScratch.subarray(0, n);
}
const stickies = new WeakMap<RegExp, RegExp>();
/** The same pattern, matching only where it is told to start. */
function stickyOf(pattern: RegExp): RegExp {
  let sticky = stickies.get(pattern);
  if (!sticky) {
    sticky = new RegExp(pattern.source, `${pattern.flags.replace("g", "")}y`);
    stickies.set(pattern, sticky);
  }
  return sticky;
}
const ORDER: readonly ContactKind[] = ["phone", "email", "street_address", "date_of_birth", "record_number"];

/**
 * Every contact detail or identifier in the text, with where it is (UTF-16 offsets into `text`), in text order.
 * `mapped` is `contactText(text)`, when the caller has it already.
 */
export function findContactSpans(text: string, mapped: MappedText = contactText(text)): ContactFinding[] {
  const t = mapped.text;
  const found: ContactFinding[] = [];
  const digitAt = digitPlaces(t);
  const facts: Facts = { digits: digitAt.length, digitAt, letters: LETTER.test(t), text: t };
  let foreignLabel: boolean | undefined;
  let foreignDigit: boolean | undefined;
  const startsFound = new Map<RegExp, number[]>();
  const add = (d: Detector, m: RegExpExecArray, offset: number) => {
    found.push({
      kind: d.kind,
      rule: d.rule,
      start: mapped.starts[offset + m.index],
      end: mapped.ends[offset + m.index + m[0].length - 1],
    });
  };
  for (const group of GROUPS) {
    if (!group.worth(facts)) continue;
    for (const d of group.detectors) {
      if (!facts.letters && NEEDS_A_LETTER.has(d.rule)) continue;
      // exec on the pattern itself: matchAll would copy the pattern first, for every detector and every comment.
      if (d.needs && !d.needs.test(t)) continue;
      let pattern = d.pattern;
      if (d.withoutForeignLabels) {
        foreignLabel ??= foreignLabelHint(facts);
        if (!foreignLabel) pattern = d.withoutForeignLabels;
      }
      if (d.withoutForeignDigits) {
        foreignDigit ??= FOREIGN_DIGIT_HINT.test(t);
        if (!foreignDigit) pattern = d.withoutForeignDigits;
      }
      if (d.starts) {
        const labels = (!foreignLabel && d.starts.withoutForeignLabels) || d.starts.pattern;
        let starts = startsFound.get(labels);
        if (!starts) {
          starts = [];
          labels.lastIndex = 0;
          for (let c = labels.exec(t); c !== null; c = labels.exec(t)) {
            starts.push(c.index);
            labels.lastIndex = c.index + 1;
          }
          startsFound.set(labels, starts);
        }
        const sticky = stickyOf(pattern);
        let done = 0;
        for (const at of starts) {
          if (at < done) continue;
          sticky.lastIndex = at;
          const m = sticky.exec(t);
          if (m === null) continue;
          done = at + Math.max(1, m[0].length);
          if (d.check && !d.check(m, t)) continue;
          add(d, m, 0);
        }
        continue;
      }
      if (d.window) {
        // Each stretch before a cue, read once: a stretch starts at a word, after the last one read.
        const { cue, before, after = 0 } = d.window;
        let done = 0;
        cue.lastIndex = 0;
        for (let c = cue.exec(t); c !== null; c = cue.exec(t)) {
          let from = Math.max(done, c.index - before);
          while (from > done && /[\w/.-]/.test(t[from - 1])) from--;
          const to = Math.min(t.length, c.index + c[0].length + after);
          const stretch = t.slice(from, to);
          pattern.lastIndex = 0;
          for (let m = pattern.exec(stretch); m !== null; m = pattern.exec(stretch)) {
            if (d.check && !d.check(m, stretch)) continue;
            add(d, m, from);
          }
          done = to;
          if (cue.lastIndex < to) cue.lastIndex = to;
        }
        continue;
      }
      // (Where digits are many, as in a long number, the scan is the cheaper way to the same matches.)
      if (d.digitWithin !== undefined && digitAt.length * d.digitWithin * 4 < t.length) {
        // The positions a scan would try, less those with no digit in reach; leftmost first, as a scan finds them.
        const sticky = stickyOf(pattern);
        const reach = d.digitWithin;
        let k = 0;
        for (let at = 0; ; ) {
          while (k < digitAt.length && digitAt[k] < at) k++;
          if (k === digitAt.length) break;
          if (at < digitAt[k] - reach + 1) at = digitAt[k] - reach + 1;
          if (d.startsAt && !d.startsAt(t, at)) {
            at++;
            continue;
          }
          sticky.lastIndex = at;
          const m = sticky.exec(t);
          if (m === null || m[0].length === 0) {
            at++;
            continue;
          }
          at += m[0].length;
          if (d.check && !d.check(m, t)) continue;
          add(d, m, 0);
        }
        continue;
      }
      pattern.lastIndex = 0;
      for (let m = pattern.exec(t); m !== null; m = pattern.exec(t)) {
        if (m[0].length === 0) {
          pattern.lastIndex++;
          continue;
        }
        if (d.check && !d.check(m, t)) continue;
        add(d, m, 0);
      }
    }
  }
  return found.sort((a, b) => a.start - b.start || b.end - a.end);
}

/** Kinds of contact details or identifiers in the text, in a fixed order, each at most once. */
export function findContactDetails(text: string): ContactKind[] {
  const kinds = new Set(findContactSpans(text).map((f) => f.kind));
  return ORDER.filter((k) => kinds.has(k));
}
