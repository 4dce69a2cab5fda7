import { normaliseText } from "./crisis.ts";

export type ContactKind = "phone" | "email" | "street_address" | "date_of_birth" | "record_number";

// Health talk is full of numbers (doses, years, ranges, PMIDs, ICD codes), so bare digits are never enough:
// each pattern needs a shape that numbers in a study rarely have, or a label ("MRN", "DOB") in front.
// Patterns start with a look-behind so they only try at the start of a token: linear time on 10k-char bodies.

// --- phone ---
// North American: optional +1, then 3-3-4 digits; the area code never starts with 0 or 1.
const PHONE_NANP =
  /(?<![\w./+-])(?:\+?1[\s.-]?)?(?:\([2-9]\d{2}\)|[2-9]\d{2})[\s.-]?\d{3}[\s.-]?\d{4}(?![\w/-]|[.,]\d)/;
// International: "+" and 8 to 15 digits. No dots inside, so signed decimals like "+0.52 (0.31-0.74)" are not phones.
const PHONE_INTL = /(?<![\w+])\+\d[\d\s()-]{6,22}\d(?![\w]|[.,]\d)/g;
// National trunk prefix, e.g. UK "020 7946 0958".
const PHONE_TRUNK = /(?<![\w.,/-])0\d{2,4}[\s-]\d{3,4}[\s-]\d{3,4}(?![\w/-]|[.,]\d)/;
// A 7-digit local number is only a phone when introduced as one: "100-1000 mg" is a dose range.
const PHONE_LOCAL =
  /\b(?:call|text|phone|cell|mobile|tel|whatsapp|reach|number)(?:\s+(?:me|us))?(?:\s+(?:at|on|is))?\s*(?:[:#.-]\s*)?[2-9]\d{2}[\s.-]\d{4}(?![\w/-]|[.,]\d)/i;
const NON_DIGIT = /\D/g;

function hasPhone(text: string): boolean {
  if (PHONE_NANP.test(text) || PHONE_TRUNK.test(text) || PHONE_LOCAL.test(text)) return true;
  for (const match of text.matchAll(PHONE_INTL)) {
    const digits = match[0].replace(NON_DIGIT, "").length;
    if (digits >= 8 && digits <= 15) return true;
  }
  return false;
}

// --- email ---
// "jane [at] mail (dot) com" is unambiguous once the brackets are undone. The look-behind keeps a long run of
// spaces from being rescanned at every position.
const MASKED_AT = /(?<!\s)\s*[([{<]\s*at\s*[)\]}>]\s*/gi;
const MASKED_DOT = /(?<!\s)\s*[([{<]\s*dot\s*[)\]}>]\s*/gi;
const EMAIL = /(?<![\w.%+-])[a-z0-9][\w.%+-]*@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\b/i;
// Spoken forms: "look at webmd.com" is not an address, so " at " needs a spelled " dot " before the
// top-level domain, or a well-known mail provider. Common words before " at " are skipped.
const NOT_A_MAILBOX =
  "(?!(?:look|looked|looking|at|is|was|me|us|it|this|that|here|there|home|work|worked|live|lived)\\s)";
const LOCAL_PART = "[a-z0-9][\\w%+-]*(?:(?:\\.|\\s+dot\\s+)[a-z0-9][\\w%+-]*){0,3}";
const LABEL = "[a-z0-9][\\w-]*";
const TLD = "(?:com|net|org|edu|gov|io|co|us|uk|ca|au|de|fr|nl|ie|nz|info|me|biz|health)";
const EMAIL_SPOKEN = new RegExp(
  `(?<![\\w.%+-])${NOT_A_MAILBOX}${LOCAL_PART}\\s+at\\s+${LABEL}(?:(?:\\.|\\s+dot\\s+)${LABEL}){0,3}\\s+dot\\s+${TLD}\\b`,
  "i",
);
const PROVIDERS =
  "(?:gmail|googlemail|yahoo|hotmail|outlook|live|msn|icloud|aol|proton|protonmail|pm|gmx|yandex|zoho|comcast)";
const EMAIL_PROVIDER = new RegExp(
  `(?<![\\w.%+-])${NOT_A_MAILBOX}${LOCAL_PART}\\s+at\\s+${PROVIDERS}(?:\\.|\\s+dot\\s+)[a-z]{2,}\\b`,
  "i",
);

function hasEmail(text: string): boolean {
  const unmasked = text.replace(MASKED_AT, "@").replace(MASKED_DOT, ".");
  return EMAIL.test(unmasked) || EMAIL_SPOKEN.test(text) || EMAIL_PROVIDER.test(text);
}

// --- street address ---
// Words that sit between a number and "street"/"road" in ordinary prose ("3 blocks down the street",
// "20 mg St John's wort"); a house number is followed by a name instead.
const NOT_A_STREET_NAME =
  "(?!(?:the|a|an|of|on|in|at|to|for|by|from|with|down|up|across|along|off|over|and|or|is|was|i|we|it|my|our|your|his|her|their|this|that|more|other|another|same|mg|mcg|ml|g|kg|lb|lbs|iu|mile|miles|km|kms|block|blocks|min|mins|minutes?|hours?|hrs?|days?|weeks?|months?|years?|times?|doses?|pills?|tablets?|capsules?|drops?|cups?|am|pm|sex|people|patients)\\b)";
// "St" and "Dr" are also Saint and Doctor: followed by a name ("St John's", "Dr Patel") they are titles.
const TITLE_NOT_STREET = "(?!\\.?\\s+(?!(?:apt|apartment|suite|ste|unit|fl|floor|in|near|and|or)\\b)[a-z])";
const STREET = new RegExp(
  `(?<![\\w.,/-])\\d{1,6}[a-z]?\\s+(?:${NOT_A_STREET_NAME}[a-z0-9][a-z0-9'-]*\\.?\\s+){1,3}` +
    `(?:(?:street|avenue|boulevard|ave|rd|blvd|ln|pkwy|hwy)\\b|(?:st|dr|ct|pl)\\b${TITLE_NOT_STREET})`,
  "i",
);
// "Road", "Lane", "Way", "Place", "Drive", "Court" are everyday words; count them only after a Capitalised name.
const STREET_NAMED =
  /(?<![\w.,/-])\d{1,6}[A-Za-z]?\s+(?:[A-Z0-9][A-Za-z0-9'-]*\.?\s+){1,3}(?:[Rr]oad|[Ll]ane|[Dd]rive|[Cc]ourt|[Ww]ay|[Pp]lace|[Cc]ircle|[Tt]errace|[Pp]arkway|[Hh]ighway|[Ss]quare|[Tt]rail)\b/;
const UNIT =
  /\b(?:apt|apartment|suite|ste)\.?\s*(?:#\s*)?\d+[a-z]?\b|\bunit\s*#\s*\d+[a-z]?\b|\bp\.?\s?o\.?\s+box\s+\d+/i;
// "Springfield, IL 62704": the comma and a real state code keep "vitamin D 2000 IU" and "NEJM 2021" out.
const CITY_STATE_ZIP =
  /,\s*(?:A[KLRZ]|C[AOT]|D[CE]|FL|GA|HI|I[ADLN]|K[SY]|LA|M[ADEINOST]|N[CDEHJMVY]|O[HKR]|PA|RI|S[CD]|T[NX]|UT|V[AT]|W[AIVY])\s+\d{5}(?:-\d{4})?\b/;

// --- date of birth ---
const MONTH =
  "(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?";
const ORDINAL = "(?:st|nd|rd|th)?";
const DATE =
  `(?:\\d{1,2}[/.-]\\d{1,2}(?:[/.-]\\d{2,4})?|\\d{4}[/.-]\\d{1,2}[/.-]\\d{1,2}` +
  `|${MONTH}\\s+\\d{1,2}${ORDINAL}(?:,?\\s+\\d{4})?|\\d{1,2}${ORDINAL}\\s+(?:of\\s+)?${MONTH}(?:,?\\s+\\d{4})?)`;
// Each separator between label and date owns the spaces before it, so there is one way to match a run of them
// (a looser "\s*[:-]\s*" repeated would backtrack exponentially on "born :  :  :  :").
// A bare date is just a date ("started on 03/14/2020"); it is a birth date only when labelled as one.
// A birth year alone ("born in 1985") is left alone: it identifies no one.
const DATE_OF_BIRTH = new RegExp(
  `(?<![a-z])(?:d\\.?\\s?o\\.?\\s?b\\b\\.?|date\\s+of\\s+birth|birth\\s*date|birthday|b-?day|born)` +
    `(?:\\s*[:#=-]|\\s+(?:is|was|on|the)\\b){0,3}\\s*${DATE}(?![\\d/])`,
  "i",
);

// --- record, insurance and identity numbers ---
const ID_WORD = "(?:(?:id|number|num|no)\\b\\.?|#)";
const RECORD_LABEL =
  `(?:mrn|ssn|social\\s+security(?:\\s+${ID_WORD})?|medical\\s+record(?:\\s+${ID_WORD})?` +
  `|(?:patient|chart|member|subscriber|policy|group|account|acct|insurance|medicare|medicaid|health\\s+card|nhs|claim)` +
  `(?:\\s+(?:member|policy|card))?\\s*${ID_WORD})`;
// The identifier: one token of letters, digits and dashes holding at least four digits.
const RECORD = new RegExp(
  `(?<![a-z])${RECORD_LABEL}(?:\\s*[:#=-]|\\s+(?:is|was|number)\\b){0,3}\\s*(?=(?:[a-z-]*\\d){4})[a-z0-9][a-z0-9-]{3,}`,
  "i",
);
// US social security number shape, labelled or not: 3-2-4 digits hardly occurs otherwise.
const SSN = /(?<![\w./-])\d{3}-\d{2}-\d{4}(?![\w/-]|[.,]\d)/;

const DETECTORS: readonly [ContactKind, (text: string) => boolean][] = [
  ["phone", hasPhone],
  ["email", hasEmail],
  ["street_address", (t) => STREET.test(t) || STREET_NAMED.test(t) || UNIT.test(t) || CITY_STATE_ZIP.test(t)],
  ["date_of_birth", (t) => DATE_OF_BIRTH.test(t)],
  ["record_number", (t) => RECORD.test(t) || SSN.test(t)],
];

/** Kinds of contact details or identifiers in the text, in a fixed order, each at most once. */
export function findContactDetails(text: string): ContactKind[] {
  const normalised = normaliseText(text);
  return DETECTORS.filter(([, detect]) => detect(normalised)).map(([kind]) => kind);
}
