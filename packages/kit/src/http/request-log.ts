import type { MiddlewareHandler } from "hono";
import type { Logger } from "../core/logger.ts";
import { setResponseHeader } from "./security-headers.ts";

/** `moderator`: who is acting on an admin request ("owner" or a moderator's name), set by adminGuard. */
export type RequestVars = { requestId: string; moderator?: string };

/**
 * One JSON line per request: request id, method, path, status, duration. The id is on `c.var.requestId`; a line
 * about the request elsewhere carries it as `reqId` (a child logger per request cost more than the line itself,
 * and no route used it).
 */
export function requestLog(logger: Logger): MiddlewareHandler<{ Variables: RequestVars }> {
  let seq = 0;
  const boot = Date.now().toString(36);
  return async (c, next) => {
    const incoming = c.req.header("x-request-id");
    const requestId = incoming && /^[\w.-]{1,64}$/.test(incoming) ? incoming : `${boot}-${(++seq).toString(36)}`;
    c.set("requestId", requestId);
    const start = performance.now();
    await next();
    setResponseHeader(c, "X-Request-Id", requestId);
    if (!logger.isLevelEnabled("info")) return;
    const ms = Math.round((performance.now() - start) * 10) / 10;
    logger.info({ reqId: requestId, method: c.req.method, path: c.req.path, status: c.res.status, ms }, "request");
  };
}
