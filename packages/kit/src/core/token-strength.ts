/** The least estimated strength of ADMIN_TOKEN (see tokenBits). */
export const MIN_TOKEN_BITS = 128;

const LOWER = "abcdefghijklmnopqrstuvwxyz";
const UPPER = LOWER.toUpperCase();
const DIGITS = "0123456789";
const OTHER = " !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

/**
 * The alphabet a token is drawn from, judged by the characters it uses, and the characters that carry its
 * strength: hexadecimal digits of one case (16 symbols, 4 bits; dashes between groups, as in a UUID, carry none),
 * base64 or base64url (the letter and digit classes used, and their two symbols: at most 64, 6 bits; `=` padding
 * carries none), otherwise the classes used (26 lower-case letters, 26 capitals, 10 digits, 33 other).
 */
function alphabetOf(token: string): { symbols: string; chars: string[] } {
  if (/^(?:[0-9a-f]+(?:-[0-9a-f]+)*|[0-9A-F]+(?:-[0-9A-F]+)*)$/.test(token) && /[A-Fa-f]/.test(token)) {
    const hex = token.replaceAll("-", "");
    return { symbols: DIGITS + (hex === hex.toLowerCase() ? "abcdef" : "ABCDEF"), chars: [...hex] };
  }
  const classes = (text: string, other: string) =>
    [LOWER, UPPER, DIGITS, other].filter((set) => [...text].some((c) => set.includes(c))).join("");
  const base64 = /^([A-Za-z0-9+/]+)={0,2}$/.exec(token) ?? /^([A-Za-z0-9_-]+)$/.exec(token);
  if (base64) {
    const body = base64[1] as string;
    return { symbols: classes(body, /[+/]/.test(body) ? "+/" : "-_"), chars: [...body] };
  }
  return { symbols: classes(token, OTHER), chars: [...token] };
}

/**
 * How many characters of a token a guesser would have to guess, counted to catch tokens a person typed: a
 * character repeating the one before it or continuing a run from it (`aa`, `ab`, `21`) is worth nothing, so is one
 * that repeats a pair of characters seen before (`Pass1Pass1`), and the third, fourth… appearance of one character
 * is worth 1/2, 1/3… of one.
 */
function patternWorth(chars: readonly string[]): number {
  const seen = new Map<string, number>();
  const pairs = new Set<string>();
  let worth = 0;
  let previous = "";
  for (const c of chars) {
    const times = (seen.get(c) ?? 0) + 1;
    seen.set(c, times);
    const pair = previous + c;
    const run = previous !== "" && Math.abs((c.codePointAt(0) as number) - (previous.codePointAt(0) as number)) <= 1;
    if (!run && !pairs.has(pair)) worth += 1 / Math.max(1, times - 1);
    pairs.add(pair);
    previous = c;
  }
  return worth;
}

const typicalCache = new Map<string, number>();

/**
 * The median patternWorth of tokens of `length` characters drawn at random from `symbols` (a small alphabet
 * repeats characters and makes runs by chance: 32 random hexadecimal digits are worth about 17 characters, 32
 * base64 ones about 30). Drawn with a fixed seed, so a token always gets the same score.
 */
function typicalWorth(symbols: string, length: number): number {
  const key = `${symbols}:${length}`;
  const known = typicalCache.get(key);
  if (known !== undefined) return known;
  let state = 0x9e3779b9;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  const alphabet = [...symbols];
  const worths: number[] = [];
  for (let i = 0; i < 31; i++) {
    worths.push(patternWorth(Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)] as string)));
  }
  worths.sort((a, b) => a - b);
  const median = worths[15] as number;
  typicalCache.set(key, median);
  return median;
}

/**
 * An estimate of how hard a token is to guess, in bits, made to catch tokens a person typed rather than drew at
 * random. Each character is worth log2 of the alphabet the token uses (alphabetOf: 4 bits for hexadecimal, 6 for
 * base64, up to 6.6 for all printable classes). A token whose characters are worth (patternWorth) at least half of
 * what a random token of its alphabet and length is worth scores every character: 32 random hexadecimal digits
 * (`openssl rand -hex 16`) score 128, a UUID 128, 24 random bytes in base64 192. A token with more repeats, pairs
 * and runs than chance makes scores only what patternWorth leaves: 24 × `a` scores 4, `abcdefghijklmnopqrstuvwx`
 * 4.7, `0123456789abcdef` twice 12, `Password123!` three times 65.7.
 *
 *   tokenBits("aaaaaaaaaaaaaaaaaaaaaaaa") < MIN_TOKEN_BITS // true
 */
export function tokenBits(token: string): number {
  const { symbols, chars } = alphabetOf(token);
  if (symbols.length < 2) return 0;
  const perChar = Math.log2(symbols.length);
  const worth = patternWorth(chars);
  if (worth >= typicalWorth(symbols, chars.length) / 2) return chars.length * perChar;
  return worth * perChar;
}

/** What is wrong with a token as ADMIN_TOKEN, naming the rule, or null. */
export function tokenProblem(token: string): string | null {
  if (token.length < 24) return "must be at least 24 characters";
  const bits = Math.floor(tokenBits(token));
  if (bits < MIN_TOKEN_BITS) {
    return `must be random: it scores ${bits} of the ${MIN_TOKEN_BITS} bits needed (bits a character by the alphabet it uses: 4 for hexadecimal, 6 for base64, less repeated characters, pairs and runs such as aa or abc beyond what chance makes); make one with: openssl rand -base64 32`;
  }
  return null;
}
