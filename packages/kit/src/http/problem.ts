import type { Problem } from "@parlor/validation";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { type DomainError, InvalidInput, RateLimited, StoreUnavailable } from "../core/errors.ts";
import { isStoreUnavailable } from "../store/database.ts";

const STATUS: Record<DomainError["kind"], { status: number; title: string }> = {
  invalid: { status: 400, title: "Bad Request" },
  unauthorized: { status: 401, title: "Unauthorized" },
  forbidden: { status: 403, title: "Forbidden" },
  not_found: { status: 404, title: "Not Found" },
  conflict: { status: 409, title: "Conflict" },
  too_large: { status: 413, title: "Payload Too Large" },
  unsupported_media: { status: 415, title: "Unsupported Media Type" },
  rate_limited: { status: 429, title: "Too Many Requests" },
  unavailable: { status: 503, title: "Service Unavailable" },
};

/** Writes an RFC 9457 problem answer. */
export function problem(c: Context, status: number, title: string, detail?: string, extra: Partial<Problem> = {}) {
  const body: Problem = { type: "about:blank", title, status, ...(detail ? { detail } : {}), ...extra };
  return c.body(JSON.stringify(body), status as 400, { "Content-Type": "application/problem+json" });
}

/** Maps a thrown error to the contract's answer; anything unknown is logged and answered with a generic 500. */
export function renderError(c: Context, err: unknown, log: (err: unknown) => void) {
  if (isStoreUnavailable(err)) err = new StoreUnavailable();
  if (err instanceof Error && "kind" in err && typeof (err as DomainError).kind === "string") {
    const e = err as DomainError;
    const { status, title } = STATUS[e.kind];
    if (e instanceof RateLimited || e instanceof StoreUnavailable) c.header("Retry-After", String(e.retryAfterSeconds));
    if (e.kind === "unauthorized") c.header("WWW-Authenticate", 'Bearer realm="parlor"');
    return problem(c, status, title, e.message, e instanceof InvalidInput ? { errors: e.errors } : {});
  }
  if (err instanceof HTTPException) {
    const status = err.status;
    if (status === 413) return problem(c, 413, "Payload Too Large", "The request body is too large.");
    return problem(c, status, err.message || "Error");
  }
  log(err);
  return problem(c, 500, "Internal Server Error", "Something went wrong on our side; it has been logged.");
}

/** The 404 for paths nobody serves. */
export function notFoundProblem(c: Context) {
  return problem(c, 404, "Not Found", `No route for ${c.req.method} ${c.req.path}.`);
}
