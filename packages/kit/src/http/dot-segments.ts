import type { Context, MiddlewareHandler } from "hono";
import { NotFound } from "../core/errors.ts";

/**
 * 404 for a path with dot segments, plain or percent-encoded (`/comments/%2e%2e/healthz`). URL parsing resolves
 * them to another path, so a public prefix could reach an operator endpoint behind a proxy that routes on the
 * raw path.
 */
export function refuseDotSegments(): MiddlewareHandler {
  return async (c, next) => {
    if (hasDotSegments(c)) throw new NotFound("No such path.");
    return next();
  };
}

const DOT_SEGMENT = /(^|\/)(\.|%2e){1,2}(\/|$)/i;

/** True when the request's path, as it came off the socket, has a dot segment (refuseDotSegments' test). */
export function hasDotSegments(c: Context): boolean {
  // The Request's URL is already normalised (".." resolved): read the request line as it came off the socket.
  const incoming = (c.env as { incoming?: { url?: string } } | undefined)?.incoming?.url;
  const raw = incoming ?? c.req.url.replace(/^[a-z]+:\/\/[^/]*/i, "");
  // Only the path: a dot segment in the query or fragment is no path at all.
  const end = raw.search(/[?#]/);
  return DOT_SEGMENT.test(end === -1 ? raw : raw.slice(0, end));
}
