import { createHmac } from "node:crypto";
import { emailKey } from "@parlor/validation";

/** The domain of an address, lower-cased. */
export function domainOf(email: string): string {
  return emailKey(email).slice(email.trim().lastIndexOf("@") + 1);
}

/** A keyed hash of an address key: how the suppression list and the rate limits know an address. */
export function addressHash(secret: string, key: string): string {
  return createHmac("sha256", secret).update(`address:${key}`).digest("hex");
}
