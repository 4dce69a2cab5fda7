import type { MiddlewareHandler } from "hono";
import type { Logger } from "../core/logger.ts";
import { setResponseHeader } from "./security-headers.ts";

/** `moderator`: who is acting on an admin request ("owner" or a moderator's name), set by adminGuard. */
export type RequestVars = { requestId: string; log: Logger; moderator?: string };

/** One JSON line per request: method, path, status, duration, request id; `c.var.log` is a child logger. */
export function requestLog(logger: Logger): MiddlewareHandler<{ Variables: RequestVars }> {
  let seq = 0;
  const boot = Date.now().toString(36);
  return async (c, next) => {
    const incoming = c.req.header("x-request-id");
    const requestId = incoming && /^[\w.-]{1,64}$/.test(incoming) ? incoming : `${boot}-${(++seq).toString(36)}`;
    const log = logger.child({ reqId: requestId });
    c.set("requestId", requestId);
    c.set("log", log);
    const start = performance.now();
    await next();
    setResponseHeader(c, "X-Request-Id", requestId);
    const ms = Math.round((performance.now() - start) * 10) / 10;
    log.info({ method: c.req.method, path: c.req.path, status: c.res.status, ms }, "request");
  };
}
