import { createHmac } from "node:crypto";
import { isIP } from "node:net";
import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context } from "hono";

/** What the client-address functions read of a request: a header, and the socket's remote address. */
export interface RequestFacts {
  /** A request header (as `c.req.header(name)` gives it), undefined when absent. */
  header(name: string): string | undefined;
  /** The socket's remote address; undefined when there is no socket (app.request() in tests). */
  remoteAddress(): string | undefined;
}

/** A Context's RequestFacts. */
export function requestFacts(c: Context): RequestFacts {
  return {
    header: (name) => c.req.header(name),
    remoteAddress: () => {
      try {
        return getConnInfo(c).remote.address;
      } catch {
        return undefined; // app.request() in tests has no socket
      }
    },
  };
}

/**
 * The client's address: with `trustProxy`, the last X-Forwarded-For entry (the one our own proxy appended;
 * earlier entries are whatever the client claimed), or "unknown" when that is no IP address (a proxy that does
 * not append one: the text is the client's, and is never stored); otherwise the socket's address.
 */
export function clientAddress(c: Context | RequestFacts, trustProxy: boolean): string {
  const req = "req" in c ? requestFacts(c) : c;
  if (trustProxy) {
    const forwarded = req.header("x-forwarded-for");
    const last = forwarded?.split(",").at(-1)?.trim();
    if (last) return parseIp(last) ? last : "unknown";
  }
  return req.remoteAddress() ?? "unknown";
}

/** An IPv4 address as itself (also when written `::ffff:a.b.c.d`), an IPv6 one as its 8 groups; else null. */
function parseIp(address: string): { v4: string } | { v6: string[] } | null {
  // "[2001:db8::1]" from some proxies, "fe80::1%eth0" with a zone: neither names another host.
  const ip = address
    .trim()
    .replace(/^\[(.*)\]$/, "$1")
    .replace(/%.*$/, "");
  const kind = isIP(ip);
  if (kind === 4) return { v4: ip };
  if (kind !== 6) return null;
  const [head, tail = ""] = ip.split("::");
  // An embedded IPv4 tail ("::ffff:192.0.2.1") is two groups.
  const groups = (part: string) =>
    (part ? part.split(":") : []).flatMap((g) => {
      if (!g.includes(".")) return [Number.parseInt(g, 16)];
      const [a, b, c, d] = g.split(".").map(Number);
      return [(a << 8) | b, (c << 8) | d];
    });
  const h = groups(head);
  const t = groups(tail);
  const all = ip.includes("::") ? [...h, ...Array(8 - h.length - t.length).fill(0), ...t] : h;
  // ::ffff:a.b.c.d (in either spelling) is an IPv4 client reaching a dual-stack socket.
  if (all.slice(0, 5).every((g) => g === 0) && all[5] === 0xffff) {
    return { v4: [all[6] >> 8, all[6] & 255, all[7] >> 8, all[7] & 255].join(".") };
  }
  return { v6: all.map((g) => g.toString(16)) };
}

/**
 * Who a client is for rate limits, reports and soft screens: an IPv4 address as it is, an IPv6 address as its
 * /64 (a host is handed a whole /64 and picks any address in it at will, so counting addresses would let one
 * host count as millions), and `::ffff:a.b.c.d` as the IPv4 address it carries. Anything else stands for itself.
 *
 *   clientIdentity("2001:db8:1:3::22") === "2001:db8:1:3::/64"; clientIdentity("::ffff:203.0.113.9") === "203.0.113.9"
 */
export function clientIdentity(address: string): string {
  const ip = parseIp(address);
  if (!ip) return address;
  if ("v4" in ip) return ip.v4;
  return `${ip.v6.slice(0, 4).join(":")}::/64`;
}

/**
 * The network a client address belongs to, for a wider screen than `clientIdentity`: the /24 of an IPv4 address,
 * the /64 of an IPv6 one (one household or one cloud tenant usually holds a whole /64). Anything else is its own.
 */
export function networkOf(address: string): string {
  const ip = parseIp(address);
  if (!ip) return address;
  if ("v4" in ip) return `${ip.v4.split(".").slice(0, 3).join(".")}.0/24`;
  return `${ip.v6.slice(0, 4).join(":")}::/64`;
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

/**
 * The keyed hash of a request's client identity (`clientIdentity` of `clientAddress`): the one key of every
 * per-client limit, report and soft screen in both services.
 *
 *   const hash = clientHash(c, { trustProxy: config.TRUST_PROXY, secret: secrets.clientKey });
 */
export function clientHash(c: Context | RequestFacts, options: { trustProxy: boolean; secret: string }): string {
  const address = clientAddress(c, options.trustProxy);
  // The same few addresses write again and again: their identity's hash is remembered by the address as given, so
  // the address is not parsed again (as hashAddress remembers the hash of an identity).
  const key = `${options.secret}\u0000${address}`;
  let hash = recentClients.get(key);
  if (hash === undefined) {
    hash = hashAddress(options.secret, clientIdentity(address));
    if (recentClients.size >= MAX_REMEMBERED) recentClients.clear();
    recentClients.set(key, hash);
  }
  return hash;
}
const recentClients = new Map<string, string>();
