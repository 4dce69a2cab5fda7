import { createHash, createHmac, timingSafeEqual } from "node:crypto";

export type LinkPayload = string | number | boolean | null | LinkPayload[] | { [key: string]: LinkPayload };

export type VerifiedLink<T extends LinkPayload> =
  | {
      ok: true;
      payload: T;
      expiresAt: Date;
      /**
       * What a single-use link is spent under: a hash of the link's signed body and its decoded MAC bytes.
       * Only one spelling of a link verifies, so every copy of one link has this one key (and it equals the
       * SHA-256 of the token as it was issued, which is what links spent before this key existed were stored as).
       */
      useKey: string;
    }
  | { ok: false; reason: "malformed" | "bad-signature" | "wrong-purpose" | "expired" };

// Domain separation: a token signed here is never a valid MAC for anything else keyed by the same secret.
const CONTEXT = "parlor-signed-link.v1";

function checkSecret(secret: string | Buffer) {
  if (Buffer.byteLength(secret) < 32) throw new Error("the link-signing secret must be at least 32 bytes");
}

function sign(secret: string | Buffer, body: string): Buffer {
  return createHmac("sha256", secret).update(`${CONTEXT}.${body}`).digest();
}

/**
 * A token for an action link in an email: the payload, what it is for and when it expires, signed with
 * HMAC-SHA256, in base64url (safe in a URL as is). It is not encrypted: put ids in it, never secrets.
 * Single use is the caller's job (store `useKey` once it is used).
 *
 *   const token = signedLink(secret, { purpose: "confirm-email", payload: { subscriberId }, ttlMs: 48 * 3600_000 });
 *   const url = `${publicUrl}/v1/subscriptions/confirm?token=${token}`;
 */
export function signedLink(
  secret: string | Buffer,
  options: { purpose: string; payload: LinkPayload; ttlMs: number; now?: Date },
): string {
  checkSecret(secret);
  const expiresAt = (options.now ?? new Date()).getTime() + options.ttlMs;
  const body = Buffer.from(JSON.stringify({ p: options.purpose, d: options.payload, e: expiresAt })).toString(
    "base64url",
  );
  return `${body}.${sign(secret, body).toString("base64url")}`;
}

/**
 * Checks a token made by `signedLink`: signature (in constant time), then purpose, then expiry. A token for
 * another purpose (an approve link used to reject) is refused even though its signature is good.
 *
 *   const link = verifySignedLink<{ subscriberId: string }>(secret, token, "confirm-email");
 *   if (!link.ok) throw link.reason === "expired" ? new TokenExpired() : new InvalidToken();
 */
export function verifySignedLink<T extends LinkPayload = LinkPayload>(
  secret: string | Buffer,
  token: string,
  purpose: string,
  now: Date = new Date(),
): VerifiedLink<T> {
  checkSecret(secret);
  const match = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(typeof token === "string" ? token : "");
  if (!match || token.length > 4096) return { ok: false, reason: "malformed" };
  const [, body, mac] = match;
  const expected = sign(secret, body);
  const given = Buffer.from(mac, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: "bad-signature" };
  // base64url's last character can carry bits that decoding drops: 43 characters hold 258 bits for a 256-bit
  // MAC, so four spellings decode to one MAC. Only the one the encoder writes is the token: a re-spelled copy
  // of a spent single-use link must not pass as a new link.
  if (given.toString("base64url") !== mac) return { ok: false, reason: "malformed" };
  if (Buffer.from(body, "base64url").toString("base64url") !== body) return { ok: false, reason: "malformed" };
  let claims: { p?: unknown; d?: unknown; e?: unknown };
  try {
    claims = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
  } catch {
    return { ok: false, reason: "malformed" };
  }
  if (typeof claims.e !== "number" || !("d" in claims)) return { ok: false, reason: "malformed" };
  if (claims.p !== purpose) return { ok: false, reason: "wrong-purpose" };
  if (now.getTime() >= claims.e) return { ok: false, reason: "expired" };
  const useKey = createHash("sha256")
    .update(`${body}.${given.toString("base64url")}`)
    .digest("hex");
  return { ok: true, payload: claims.d as T, expiresAt: new Date(claims.e), useKey };
}

/**
 * The signed links of one key as a pair of functions, the shape the kit's readers'-rights flow takes.
 *
 *   createReaderRights({ links: linkSigner(secrets.linkKey), … });
 */
export function linkSigner(secret: string) {
  return {
    sign: (purpose: string, payload: { email: string }, ttlMs: number, now: Date) =>
      signedLink(secret, { purpose, payload, ttlMs, now }),
    verify: (token: string, purpose: string, now: Date) =>
      verifySignedLink<{ email: string }>(secret, token, purpose, now),
  };
}
