import type { Context, MiddlewareHandler } from "hono";
import { type LineFields, type Logger, requestLine } from "../core/logger.ts";
import { setResponseHeader } from "./security-headers.ts";

/**
 * `moderator`: who is acting on an admin request ("owner" or a moderator's name), set by adminGuard. `logged`: what a
 * route adds to the request's line (requestLine's `fields`: a new comment's id, status and reason).
 */
export type RequestVars = { requestId: string; moderator?: string; logged?: LineFields };

const CLIENT_ID = /^[\w.-]{1,64}$/;

/**
 * The request log's two halves, for a shell that runs them around its own work (serviceApp): `start` gives the
 * request its id (the client's `X-Request-Id` when it is a plain token, else a new one) on `c.var.requestId`;
 * `finish` answers with that id and writes the request's line (see requestLog).
 */
export function requestLogger(logger: Logger) {
  let seq = 0;
  const boot = Date.now().toString(36);
  const line = requestLine(logger);
  /** The request's id: the client's `X-Request-Id` when it is a plain token, else a new one. */
  const idFor = (incoming: string | undefined) =>
    incoming && CLIENT_ID.test(incoming) ? incoming : `${boot}-${(++seq).toString(36)}`;
  return {
    idFor,
    /** The request's line, from `startedAt` (performance.now()) to now, with what the route added (`fields`). */
    write(requestId: string, method: string, path: string, status: number, startedAt: number, fields?: LineFields) {
      line(requestId, method, path, status, Math.round((performance.now() - startedAt) * 10) / 10, fields);
    },
    start(c: Context): string {
      const requestId = idFor(c.req.header("x-request-id"));
      c.set("requestId", requestId);
      return requestId;
    },
    finish(c: Context, requestId: string, startedAt: number) {
      setResponseHeader(c, "X-Request-Id", requestId);
      this.write(requestId, c.req.method, c.req.path, c.res.status, startedAt, c.get("logged"));
    },
  };
}
export type RequestLogger = ReturnType<typeof requestLogger>;

/**
 * One JSON line per request: request id, method, path, status, duration. The id is on `c.var.requestId`; a line
 * about the request elsewhere carries it as `reqId` (a child logger per request cost more than the line itself,
 * and no route used it).
 */
export function requestLog(logger: Logger): MiddlewareHandler<{ Variables: RequestVars }> {
  const log = requestLogger(logger);
  return async (c, next) => {
    const startedAt = performance.now();
    const requestId = log.start(c);
    await next();
    log.finish(c, requestId, startedAt);
  };
}
