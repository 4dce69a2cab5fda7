import { createHmac } from "node:crypto";
import { isIP } from "node:net";

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

/**
 * The network a client address belongs to, for burst detection: the /24 of an IPv4 address, the /64 of an
 * IPv6 one (one household or one cloud tenant usually holds a whole /64). Anything else is its own network.
 */
export function networkOf(address: string): string {
  const v4mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  const ip = v4mapped ? v4mapped[1] : address;
  const kind = isIP(ip);
  if (kind === 4) return `${ip.split(".").slice(0, 3).join(".")}.0/24`;
  if (kind === 6) return `${expandV6(ip).slice(0, 4).join(":")}::/64`;
  return address;
}

function expandV6(ip: string): string[] {
  const [head, tail = ""] = ip.split("::");
  const h = head ? head.split(":") : [];
  const t = tail ? tail.split(":") : [];
  const groups = ip.includes("::") ? [...h, ...Array(8 - h.length - t.length).fill("0"), ...t] : h;
  return groups.map((g) => g.toLowerCase().replace(/^0+(?=.)/, ""));
}
