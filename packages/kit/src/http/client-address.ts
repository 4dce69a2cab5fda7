import { createHmac } from "node:crypto";
import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context } from "hono";

/**
 * The client's address: with `trustProxy`, the last X-Forwarded-For entry (the one our own proxy appended;
 * earlier entries are whatever the client claimed); otherwise the socket's address.
 */
export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header("x-forwarded-for");
    const last = forwarded?.split(",").at(-1)?.trim();
    if (last) return last;
  }
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    return "unknown"; // app.request() in tests has no socket
  }
}

// The same few addresses write again and again (and an HMAC is 2 % of a comment post's CPU): remember the last
// answers, forgetting all of them past a bound so the map cannot grow without limit.
const recentHashes = new Map<string, string>();
const MAX_REMEMBERED = 10_000;

/** A keyed hash of a client address: enough to rate-limit and screen, useless to anyone without the key. */
export function hashAddress(secret: string, address: string): string {
  const key = `${secret}\u0000${address}`;
  let hash = recentHashes.get(key);
  if (hash === undefined) {
    hash = createHmac("sha256", secret).update(address).digest("base64url").slice(0, 22);
    if (recentHashes.size >= MAX_REMEMBERED) recentHashes.clear();
    recentHashes.set(key, hash);
  }
  return hash;
}
