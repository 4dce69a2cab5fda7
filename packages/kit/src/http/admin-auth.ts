import type { MiddlewareHandler } from "hono";
import { Unauthorized } from "../core/errors.ts";
import { tokenMatches } from "../core/tokens.ts";

/** The bearer token of a request, or null. */
export function bearerToken(header: string | undefined): string | null {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return m ? m[1] : null;
}

// Every spelling of the admin prefix (percent-encoding, case, doubled or dot segments) must meet the guard
// before routing, so an unauthenticated caller never learns from a 404 whether a path exists.
function isAdminPath(rawPath: string, prefix: string): boolean {
  let p = rawPath;
  try {
    p = decodeURIComponent(rawPath);
  } catch {
    /* keep it raw */
  }
  const segments: string[] = [];
  for (const s of p.toLowerCase().split("/")) {
    if (s === "" || s === ".") continue;
    if (s === "..") segments.pop();
    else segments.push(s);
  }
  const want = prefix.toLowerCase().split("/").filter(Boolean);
  return want.every((s, i) => segments[i] === s);
}

/**
 * Guards every path under `prefix` (default `/v1/admin`): 401 with `WWW-Authenticate: Bearer` unless the
 * request carries a token whose hash `getTokenHashes` knows (the owner's: acts as "owner") or that `identify`
 * names (a moderator's token, looked up on every request so a revoked one fails at once). The name of who is
 * acting is set as `c.var.moderator`.
 */
export function adminGuard(
  getTokenHashes: () => Promise<string[]> | string[],
  prefix = "/v1/admin",
  identify?: (token: string) => Promise<string | null>,
): MiddlewareHandler {
  // A path (as Hono decoded it) with neither a percent sign nor the prefix's last segment in any case cannot be under
  // it: most requests are let through on that one test, without parsing their URL again.
  const last = prefix.split("/").filter(Boolean).at(-1) ?? "";
  const maybeAdmin = new RegExp(`%|${last.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`, "i");
  return async (c, next) => {
    if (!maybeAdmin.test(c.req.path) || !isAdminPath(new URL(c.req.url).pathname, prefix)) return next();
    const token = bearerToken(c.req.header("authorization"));
    if (!token) throw new Unauthorized();
    const hashes = await getTokenHashes();
    let name: string | null = hashes.some((h) => tokenMatches(token, h)) ? "owner" : null;
    if (!name && identify) name = await identify(token);
    if (!name) throw new Unauthorized();
    c.set("moderator", name);
    return next();
  };
}
