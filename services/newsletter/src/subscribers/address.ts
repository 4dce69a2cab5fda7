import { createHmac } from "node:crypto";

/**
 * The comparison key of an address: surrounding space removed and lower-cased. The whole address is lower-cased,
 * not only the domain: every mailbox provider we know treats the local part case-insensitively, so
 * `Ann@x.com` and `ann@x.com` are one inbox and must be one subscriber (the outbox keys recipients the same way).
 * The address itself is stored as typed.
 */
export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

/** The domain of an address, lower-cased. */
export function domainOf(email: string): string {
  return emailKey(email).slice(email.trim().lastIndexOf("@") + 1);
}

/** A keyed hash of an address key: how the suppression list and the rate limits know an address. */
export function addressHash(secret: string, key: string): string {
  return createHmac("sha256", secret).update(`address:${key}`).digest("hex");
}
