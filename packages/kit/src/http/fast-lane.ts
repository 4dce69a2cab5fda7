import type { IncomingMessage, ServerResponse } from "node:http";
import type { Context } from "hono";
import type { StatusCode } from "hono/utils/http-status";
import type { z } from "zod";
import type { Metrics } from "../core/metrics.ts";
import type { RequestLogger } from "./request-log.ts";
import { checkedQuery, type Routes, type ServiceRoute } from "./routes.ts";
import { securityHeadersFor } from "./security-headers.ts";

/**
 * A public read's answer, made by one function for both of its roads: its route's handler (`answerWith`) and the
 * shell's fast lane (`fastRead`), so the two cannot answer differently.
 */
export interface ReadAnswer {
  status: StatusCode;
  /**
   * The answer's own headers, names in lower case; the shell adds the security headers and `X-Request-Id`. A list is
   * never changed once answered with: the same list may be handed out again (the fast lane keeps its layout).
   */
  headers: readonly (readonly [string, string])[];
  body: Uint8Array | null;
}

/** Makes a read's answer from its checked query and the request's headers (`header("if-none-match")`). */
export type ReadAnswerer<Q> = (
  query: Q,
  header: (name: string) => string | undefined,
) => ReadAnswer | null | Promise<ReadAnswer | null>;

/** A ReadAnswer as the route's handler returns it (Hono's road). */
export function answerWith(c: Context, answer: ReadAnswer): Response {
  for (const [name, value] of answer.headers) c.header(name, value);
  // Hono's overloads tie a body's type to its status; a ReadAnswer carries both.
  return (c.body as (body: Uint8Array | null, status: StatusCode) => Response)(answer.body, answer.status);
}

interface Lane {
  path: string;
  check(url: string): { value: object } | { errors: unknown };
  answer: ReadAnswerer<object>;
}

interface Shell {
  log: RequestLogger;
  metrics: Metrics;
  lanes: Map<string, Lane>;
}
const shells = new WeakMap<object, Shell>();

/** serviceApp's request log and metrics, which the fast lane writes to as the shell's middleware does. */
export function registerShell(app: Routes, shell: { log: RequestLogger; metrics: Metrics }) {
  shells.set(app, { ...shell, lanes: new Map() });
}

/**
 * Gives a public GET route of a service app (declared with addRoute; a query, no path parameters, no body) a fast
 * lane: served over HTTP, a request for exactly its path is answered by `answer` straight from node's request, before
 * Hono builds a Request, a Context and a Response for it. The lane does what the shell does for that route: the same
 * checked query (checkedQuery, Hono's own query parsing), the same security headers, `X-Request-Id`, request log line
 * and metrics; the headers go out in the order Hono's Headers would give them (sorted by name). Anything the lane is
 * not sure to answer as Hono would (another method, a body, a Host or URL that @hono/node-server would rewrite or
 * refuse, a query the schema refuses, an answerer that throws or gives null) takes Hono's road instead, unchanged.
 * `answer` must be the function the route's own handler answers with (answerWith), and must not make HTML.
 *
 *   addRoute(app, getCounts, async (c) => answerWith(c, await countsAnswer(c.req.valid("query"))));
 *   fastRead(serviceApp, getCounts, (query) => countsAnswer(query));
 */
export function fastRead<S extends z.ZodObject>(
  app: Routes,
  route: ServiceRoute & { request: { query: S } },
  answer: ReadAnswerer<z.output<S>>,
) {
  const shell = shells.get(app);
  if (!shell) throw new Error("fastRead: not a serviceApp");
  if (route.method !== "get" || route.path.includes("{") || route.request.params || route.request.body) {
    throw new Error(`fastRead: ${route.method} ${route.path} is not a GET with a query alone`);
  }
  shell.lanes.set(route.path, {
    path: route.path,
    check: checkedQuery(route.request.query),
    answer: answer as ReadAnswerer<object>,
  });
}

// What @hono/node-server takes as is (its buildUrl): a Host it would not rewrite or refuse, and a request target it
// would not normalise through `new URL` (no character the URL parser percent-encodes in a query, no fragment).
const PLAIN_HOST = /^[a-z0-9._-]+(?::(?:[1-5]\d{3,4}|[6-9]\d{3}))?$/;
const PLAIN_QUERY = /^[\w.~%&=+,:;@/!$()*?-]*$/;

/**
 * The node request listener of a service app: its fast lanes (fastRead), then Hono's listener (`hono`) for
 * everything else. An app without fast lanes gets `hono` itself.
 */
export function withFastLanes(
  app: object,
  hono: (req: IncomingMessage, res: ServerResponse) => unknown,
): (req: IncomingMessage, res: ServerResponse) => unknown {
  const shell = shells.get(app);
  if (!shell || shell.lanes.size === 0) return hono;
  const { log, metrics, lanes } = shell;

  // The headers an answer's own ones come to, sorted as Hono's road writes them, with the place of X-Request-Id: made
  // once per list (an answerer hands out the same list again for the same kind of answer).
  const layouts = new WeakMap<ReadAnswer["headers"], { raw: string[]; idAt: number }>(); // with a body
  const bodiless = new WeakMap<ReadAnswer["headers"], { raw: string[]; idAt: number }>();
  const layoutOf = (answer: ReadAnswer) => {
    const kept = answer.body === null ? bodiless : layouts;
    let layout = kept.get(answer.headers);
    if (!layout) {
      const own = (name: string) => answer.headers.find((h) => h[0] === name)?.[1] ?? null;
      const pairs: (readonly [string, string])[] = [...answer.headers, ...securityHeadersFor(own)];
      // @hono/node-server gives a body without a type this one (buildOutgoingHttpHeaders).
      if (answer.body !== null && own("content-type") === null) {
        pairs.push(["content-type", "text/plain; charset=UTF-8"]);
      }
      pairs.push(["x-request-id", ""]);
      // Hono's road writes out a Headers object, which gives its names in sorted order.
      pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      const raw = pairs.flat();
      layout = { raw, idAt: pairs.findIndex((p) => p[0] === "x-request-id") * 2 + 1 };
      kept.set(answer.headers, layout);
    }
    return layout;
  };

  // Everything that can refuse (an answerer that throws, a header value node will not write) runs before the first
  // byte, log line or count: a refusal takes Hono's road as if the lane had never been tried.
  const send = (req: IncomingMessage, res: ServerResponse, lane: Lane, answer: ReadAnswer, startedAt: number) => {
    let requestId: string;
    try {
      const layout = layoutOf(answer);
      const raw = layout.raw.slice();
      requestId = log.idFor(headerOf(req, "x-request-id"));
      raw[layout.idAt] = requestId;
      if (answer.body !== null) raw.push("Content-Length", String(answer.body.byteLength));
      res.writeHead(answer.status, raw);
    } catch {
      return hono(req, res);
    }
    metrics.recordRoute("GET", lane.path, answer.status, startedAt);
    log.write(requestId, "GET", lane.path, answer.status, startedAt);
    res.end(answer.body ?? undefined);
  };

  return (req, res) => {
    const url = req.url ?? "";
    const q = url.indexOf("?");
    const lane = req.method === "GET" ? lanes.get(q === -1 ? url : url.slice(0, q)) : undefined;
    if (
      !lane ||
      !PLAIN_QUERY.test(url) ||
      !PLAIN_HOST.test(req.headers.host ?? "") ||
      req.headers["content-length"] !== undefined ||
      req.headers["transfer-encoding"] !== undefined
    ) {
      return hono(req, res);
    }
    const startedAt = performance.now();
    let answer: ReturnType<Lane["answer"]>;
    try {
      const checked = lane.check(`http://${req.headers.host}${url}`);
      if (!("value" in checked)) return hono(req, res);
      answer = lane.answer(checked.value, (name) => headerOf(req, name));
    } catch {
      return hono(req, res);
    }
    if (answer === null) return hono(req, res);
    if (!("then" in answer)) return send(req, res, lane, answer, startedAt);
    return answer.then(
      (a) => (a === null ? hono(req, res) : send(req, res, lane, a, startedAt)),
      () => hono(req, res),
    );
  };
}

/**
 * A request header as Hono's `c.req.header(name)` reads it from node's request: node's value (repeated headers
 * joined with ", "), HTTP whitespace trimmed; undefined when absent.
 */
function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  if (typeof value !== "string") return undefined;
  let start = 0;
  let end = value.length;
  while (start < end && isHttpSpace(value.charCodeAt(start))) start++;
  while (end > start && isHttpSpace(value.charCodeAt(end - 1))) end--;
  return start === 0 && end === value.length ? value : value.slice(start, end);
}
const isHttpSpace = (code: number) => code === 9 || code === 10 || code === 13 || code === 32;
