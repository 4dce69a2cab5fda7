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
  return c.body(problemBody(status, title, detail, extra), status as 400, { "Content-Type": PROBLEM_TYPE });
}

const PROBLEM_TYPE = "application/problem+json";
function problemBody(status: number, title: string, detail?: string, extra: Partial<Problem> = {}) {
  const body: Problem = { type: "about:blank", title, status, ...(detail ? { detail } : {}), ...extra };
  return JSON.stringify(body);
}

/** A thrown error as the contract answers it: status, headers (names in lower case) and the problem's JSON. */
export interface ProblemAnswer {
  status: number;
  headers: [string, string][];
  body: string;
}

/**
 * Maps a thrown error to the contract's answer; anything unknown is logged and answered with a generic 500. The one
 * mapping of both roads: Hono's error road (renderError) and the shell's fast lane, which has no Context.
 */
export function problemAnswer(err: unknown, log: (err: unknown) => void): ProblemAnswer {
  if (isStoreUnavailable(err)) err = new StoreUnavailable();
  const headers: [string, string][] = [];
  if (err instanceof Error && "kind" in err && typeof (err as DomainError).kind === "string") {
    const e = err as DomainError;
    const { status, title } = STATUS[e.kind];
    if (e instanceof RateLimited || e instanceof StoreUnavailable) {
      headers.push(["retry-after", String(e.retryAfterSeconds)]);
    }
    if (e.kind === "unauthorized") headers.push(["www-authenticate", 'Bearer realm="parlor"']);
    headers.push(["content-type", PROBLEM_TYPE]);
    const body = problemBody(status, title, e.message, e instanceof InvalidInput ? { errors: e.errors } : {});
    return { status, headers, body };
  }
  headers.push(["content-type", PROBLEM_TYPE]);
  if (err instanceof HTTPException) {
    const status = err.status;
    if (status === 413) {
      return { status, headers, body: problemBody(413, "Payload Too Large", "The request body is too large.") };
    }
    return { status, headers, body: problemBody(status, err.message || "Error") };
  }
  log(err);
  const detail = "Something went wrong on our side; it has been logged.";
  return { status: 500, headers, body: problemBody(500, "Internal Server Error", detail) };
}

/** Maps a thrown error to the contract's answer (problemAnswer) on Hono's road. */
export function renderError(c: Context, err: unknown, log: (err: unknown) => void) {
  const { status, headers, body } = problemAnswer(err, log);
  for (const [name, value] of headers) c.header(name, value);
  return c.body(body, status as 400);
}

/** The 404 for paths nobody serves. */
export function notFoundProblem(c: Context) {
  return problem(c, 404, "Not Found", `No route for ${c.req.method} ${c.req.path}.`);
}
