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

/** A keyed hash of a client address: enough to rate-limit and screen, useless to anyone without the key. */
export function hashAddress(secret: string, address: string): string {
  return createHmac("sha256", secret).update(address).digest("base64url").slice(0, 22);
}
