import { hash, timingSafeEqual } from "node:crypto";
import { pooledRandomBytes } from "./random.ts";

/** The stored form of a token: its SHA-256, hex (node's one-shot `hash`: no Hash object per call, as createHash makes). */
export function hashToken(token: string): string {
  return hash("sha256", token, "hex");
}

/** A fresh random token: 32 bytes, base64url (43 characters). */
export function newToken(): string {
  return pooledRandomBytes(32).toString("base64url");
}

/** Compares a presented token with a stored hash in constant time. */
export function tokenMatches(presented: string, storedHash: string): boolean {
  const a = Buffer.from(hashToken(presented), "hex");
  const b = Buffer.from(storedHash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}
