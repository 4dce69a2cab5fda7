import type { MiddlewareHandler } from "hono";
import { NotFound } from "../core/errors.ts";

/**
 * 404 for a path with dot segments, plain or percent-encoded (`/comments/%2e%2e/healthz`). URL parsing resolves
 * them to another path, so a public prefix could reach an operator endpoint behind a proxy that routes on the
 * raw path.
 */
export function refuseDotSegments(): MiddlewareHandler {
  return async (c, next) => {
    // The Request's URL is already normalised (".." resolved): read the request line as it came off the socket.
    const incoming = (c.env as { incoming?: { url?: string } } | undefined)?.incoming?.url;
    const raw = (incoming ?? c.req.url.replace(/^[a-z]+:\/\/[^/]*/i, "")).replace(/[?#].*$/s, "");
    if (/(^|\/)(\.|%2e){1,2}(\/|$)/i.test(raw)) throw new NotFound("No such path.");
    return next();
  };
}
