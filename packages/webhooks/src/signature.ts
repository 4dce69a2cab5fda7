import { createHmac, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "Parlor-Signature";

/**
 * The signature header of one delivery: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. The timestamp
 * is inside what is signed, so a captured request cannot be replayed later with a new time.
 *
 *   sign(secret, body, 1767225600) // "t=1767225600,v1=5f2c…"
 */
export function sign(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac("sha256", secret).update(`${unixSeconds}.${body}`).digest("hex");
  return `t=${unixSeconds},v1=${mac}`;
}

/**
 * The receiver's check (docs/webhooks.md's recipe, in code): the header parses, the HMAC of `${t}.${rawBody}` matches
 * in constant time, and `t` is within `toleranceSeconds` of now.
 */
export function verifySignature(
  secret: string,
  header: string | null | undefined,
  rawBody: string,
  options: { now?: Date; toleranceSeconds?: number } = {},
): boolean {
  if (!header) return false;
  const parts = new Map(header.split(",").map((p) => p.trim().split("=", 2) as [string, string]));
  const t = Number(parts.get("t"));
  const v1 = parts.get("v1") ?? "";
  if (!Number.isInteger(t) || !/^[0-9a-f]{64}$/.test(v1)) return false;
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (Math.abs(now - t) > (options.toleranceSeconds ?? 300)) return false;
  const expected = createHmac("sha256", secret).update(`${t}.${rawBody}`).digest();
  return timingSafeEqual(expected, Buffer.from(v1, "hex"));
}
