import type { Context, MiddlewareHandler } from "hono";

/**
 * The policy of a service's own pages that set none: no scripts at all, styles inline (each page carries its own
 * small stylesheet), forms only back to this origin, never framed.
 */
export const PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' https: data:; form-action 'self'; " +
  "base-uri 'none'; frame-ancestors 'none'";

// Directives a page's own policy must carry whatever else it says: `default-src` does not cover them.
const REQUIRED = ["frame-ancestors 'none'", "base-uri 'none'", "form-action 'self'"];

/**
 * Headers every answer carries: `X-Content-Type-Options: nosniff` on all; on HTML pages a strict
 * Content-Security-Policy (the page's own, completed with frame-ancestors, base-uri and form-action when it lacks
 * them, or PAGE_CSP), `X-Frame-Options: DENY` and `Referrer-Policy: no-referrer` (links in pages and emails carry
 * tokens). Sends no CORS headers: the boxes reach the API on the site's own origin through the proxy.
 *
 *   app.use("*", securityHeaders());
 */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    addSecurityHeaders(c);
  };
}

/** securityHeaders' work on a finished answer, for a shell that runs it after its own (serviceApp). */
export function addSecurityHeaders(c: Context) {
  const headers = c.res.headers;
  for (const [name, value] of securityHeadersFor((name) => headers.get(name))) setResponseHeader(c, name, value);
}

/**
 * The security headers an answer whose own headers `get` reads still lacks, as [name, value] pairs (names in lower
 * case): what addSecurityHeaders sets, for an answer written without Hono (the shell's fast lane).
 */
export function securityHeadersFor(get: (name: string) => string | null): [string, string][] {
  const add: [string, string][] = [];
  if (get("x-content-type-options") === null) add.push(["x-content-type-options", "nosniff"]);
  const type = get("content-type");
  if (type === null || !/^text\/html/i.test(type)) return add;
  const csp = get("content-security-policy");
  if (!csp) add.push(["content-security-policy", PAGE_CSP]);
  else {
    const has = (d: string) => new RegExp(`(^|;)\\s*${d.split(" ")[0]}\\s`, "i").test(csp);
    const missing = REQUIRED.filter((d) => !has(d));
    if (missing.length > 0) add.push(["content-security-policy", [csp, ...missing].join("; ")]);
  }
  if (get("x-frame-options") === null) add.push(["x-frame-options", "DENY"]);
  if (get("referrer-policy") === null) add.push(["referrer-policy", "no-referrer"]);
  return add;
}

/**
 * Sets a header on the answer a handler already made, straight onto its headers: `c.header()` on a finished
 * answer asks for `bodyUsed`, which makes @hono/node-server turn its light response into a full web Response and
 * stream the body out of it (a third of a cached thread read's time). Headers of a fetched or redirect Response are immutable:
 * then `c.header()` copies it as before.
 */
export function setResponseHeader(c: Context, name: string, value: string) {
  try {
    c.res.headers.set(name, value);
  } catch {
    c.header(name, value);
  }
}
