/** The least estimated strength of ADMIN_TOKEN (see tokenBits). */
export const MIN_TOKEN_BITS = 128;

/**
 * An estimate of how hard a token is to guess, in bits, made to catch tokens a person typed rather than drew at
 * random: each character is worth log2 of the alphabet its token's character classes span (26 lower-case letters,
 * 26 capitals, 10 digits, 33 other), except that a character repeating the one before it or continuing a run from
 * it (`aa`, `ab`, `21`) is worth nothing, so is one that repeats a pair of characters seen before (`Pass1Pass1`),
 * and the third, fourth… appearance of one character is worth 1/2, 1/3… of one.
 * A random token of 43 base64url characters (what `newToken` and `openssl rand -base64 32` make) scores 200 to 250,
 * of 32 at least 140; 24 × `a` scores 5, `abcdefghijklmnopqrstuvwx` 5, `password1234password1234` 47. Hexadecimal
 * digits carry 4 bits each and repeat often: 96 of them (`openssl rand -hex 48`) pass.
 *
 *   tokenBits("aaaaaaaaaaaaaaaaaaaaaaaa") < MIN_TOKEN_BITS // true
 */
export function tokenBits(token: string): number {
  const chars = [...token];
  let alphabet = 0;
  if (chars.some((c) => c >= "a" && c <= "z")) alphabet += 26;
  if (chars.some((c) => c >= "A" && c <= "Z")) alphabet += 26;
  if (chars.some((c) => c >= "0" && c <= "9")) alphabet += 10;
  if (chars.some((c) => !/[A-Za-z0-9]/.test(c))) alphabet += 33;
  if (alphabet === 0) return 0;
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
  return worth * Math.log2(alphabet);
}

/** What is wrong with a token as ADMIN_TOKEN, naming the rule, or null. */
export function tokenProblem(token: string): string | null {
  if (token.length < 24) return "must be at least 24 characters";
  const bits = Math.floor(tokenBits(token));
  if (bits < MIN_TOKEN_BITS) {
    return `must be random: it scores ${bits} of the ${MIN_TOKEN_BITS} bits needed (character classes used, less repeated characters, pairs and runs such as aa or abc); make one with: openssl rand -base64 32`;
  }
  return null;
}
