import type { IncomingMessage, ServerResponse } from "node:http";
import type { Context } from "hono";
import type { StatusCode } from "hono/utils/http-status";
import type { z } from "zod";
import type { LineFields } from "../core/logger.ts";
import type { Metrics } from "../core/metrics.ts";
import { asksForHtml, isJsonType, mediaType } from "./body.ts";
import type { RequestFacts } from "./client-address.ts";
import { problemAnswer } from "./problem.ts";
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

/** A write's answer (fastPost): a ReadAnswer, and what the request's log line adds (requestLine's `fields`). */
export interface WriteAnswer extends ReadAnswer {
  logged?: LineFields;
}

/**
 * Makes a JSON post's answer from its checked body and the request (its headers, its client's address). It acts
 * (writes, counts a rate limit) and may throw: a thrown error is answered as the shell's error road answers it.
 */
export type WriteAnswerer<B> = (body: B, request: RequestFacts) => WriteAnswer | Promise<WriteAnswer>;

/**
 * What checks a fast post's body: the route's zod schema, or anything that answers as its `safeParse` does (a check
 * that gives the schema's own value for the usual body without zod, and asks the schema otherwise).
 */
export interface BodyCheck<B> {
  safeParse(data: unknown): { success: true; data: B } | { success: false };
}

/** A WriteAnswer as the route's handler returns it (Hono's road): the answer, and its fields for the log line. */
export function answerWriteWith(c: Context, answer: WriteAnswer): Response {
  if (answer.logged) c.set("logged", answer.logged);
  return answerWith(c, answer);
}

interface Lane {
  path: string;
  check(url: string): { value: object } | { errors: unknown };
  answer: ReadAnswerer<object>;
}

interface PostLane {
  path: string;
  limit: number;
  check(data: unknown): { success: true; data: unknown } | { success: false };
  answer: WriteAnswerer<unknown>;
}

interface Shell {
  log: RequestLogger;
  metrics: Metrics;
  /** The body limit of a write to a path (serviceApp's bodyLimit, else the kit's default). */
  bodyLimit(path: string): number;
  /** Logs an error the error road does not know (its 500), with the request's id, as serviceApp's onError does. */
  unhandled(requestId: string, err: unknown): void;
  lanes: Map<string, Lane>;
  posts: Map<string, PostLane>;
}
const shells = new WeakMap<object, Shell>();

/** serviceApp's request log, metrics, body limits and error log, which the fast lanes use as the shell does. */
export function registerShell(app: Routes, shell: Omit<Shell, "lanes" | "posts">) {
  shells.set(app, { ...shell, lanes: new Map(), posts: new Map() });
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

/**
 * Gives a public POST route of a service app that takes JSON (declared with addRoute; no path parameters) a fast lane
 * for JSON clients: served over HTTP, a post to exactly its path with a JSON body is read straight from node's request
 * (one Buffer, one JSON.parse), checked with `schema` (the route's own, or a check that gives its value: BodyCheck), and
 * answered by `answer`, before Hono builds a Request, a Context and a Response. The lane does what the shell and the
 * route do: the body limit, the JSON media types readBody takes, the same security headers, `X-Request-Id`, request
 * log line (with the answer's `logged` fields) and metrics, and an error `answer` throws answered as the error road
 * answers it (problemAnswer). Whatever the lane does not answer itself goes through Hono unchanged, with the body it
 * read handed over (@hono/node-server reads a request's `rawBody` when it has one): another method, a Host or URL
 * that @hono/node-server would rewrite, a chunked body or one over the limit, another media type, a client that
 * asks for HTML, a body that is not JSON or that `schema` refuses (Hono's road answers its 400). `answer` must be
 * the function the route's own handler answers JSON clients with (answerWriteWith).
 *
 *   addRoute(app, postComment, async (c) => answerWriteWith(c, await postAnswer(data, requestFacts(c))));
 *   fastPost(serviceApp, postComment, NewComment, (data, request) => postAnswer(data, request));
 */
export function fastPost<B>(app: Routes, route: ServiceRoute, schema: BodyCheck<B>, answer: WriteAnswerer<B>) {
  const shell = shells.get(app);
  if (!shell) throw new Error("fastPost: not a serviceApp");
  const content = (route.request?.body?.content ?? {}) as Record<string, unknown>;
  if (route.method !== "post" || route.path.includes("{") || route.request?.params || !content["application/json"]) {
    throw new Error(`fastPost: ${route.method} ${route.path} is not a POST taking JSON without path parameters`);
  }
  shell.posts.set(route.path, {
    path: route.path,
    limit: shell.bodyLimit(route.path),
    check: (data) => schema.safeParse(data),
    answer: answer as WriteAnswerer<unknown>,
  });
}

// What @hono/node-server takes as is (its buildUrl): a Host it would not rewrite or refuse, and a request target it
// would not normalise through `new URL` (no character the URL parser percent-encodes in a query, no fragment).
const PLAIN_HOST = /^[a-z0-9._-]+(?::(?:[1-5]\d{3,4}|[6-9]\d{3}))?$/;
const PLAIN_QUERY = /^[\w.~%&=+,:;@/!$()*?-]*$/;

/**
 * The node request listener of a service app: its fast lanes (fastRead, fastPost), then Hono's listener (`hono`)
 * for everything else. An app without fast lanes gets `hono` itself.
 */
export function withFastLanes(
  app: object,
  hono: (req: IncomingMessage, res: ServerResponse) => unknown,
): (req: IncomingMessage, res: ServerResponse) => unknown {
  const shell = shells.get(app);
  if (!shell || (shell.lanes.size === 0 && shell.posts.size === 0)) return hono;
  const { log, metrics, lanes, posts } = shell;

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
  /** The head of `answer` with its request id; throws what node's writeHead throws (a header value it refuses). */
  const writeHead = (res: ServerResponse, answer: ReadAnswer, requestId: string) => {
    const layout = layoutOf(answer);
    const raw = layout.raw.slice();
    raw[layout.idAt] = requestId;
    if (answer.body !== null) raw.push("Content-Length", String(answer.body.byteLength));
    res.writeHead(answer.status, raw);
  };

  // Everything that can refuse (an answerer that throws, a header value node will not write) runs before the first
  // byte, log line or count: a refusal takes Hono's road as if the lane had never been tried.
  const send = (req: IncomingMessage, res: ServerResponse, lane: Lane, answer: ReadAnswer, startedAt: number) => {
    let requestId: string;
    try {
      requestId = log.idFor(headerOf(req, "x-request-id"));
      writeHead(res, answer, requestId);
    } catch {
      return hono(req, res);
    }
    metrics.recordRoute("GET", lane.path, answer.status, startedAt);
    log.write(requestId, "GET", lane.path, answer.status, startedAt);
    res.end(answer.body ?? undefined);
  };

  const read = (req: IncomingMessage, res: ServerResponse, lane: Lane, url: string) => {
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

  // A post the lane read but does not answer goes to Hono with its body, which @hono/node-server then reads from
  // `rawBody` (node's stream has been read).
  const handOver = (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    (req as IncomingMessage & { rawBody?: Buffer }).rawBody = body;
    return hono(req, res);
  };

  /** A post once its body is read: checked, answered (or its error), logged and counted; else handed to Hono. */
  const answerPost = (req: IncomingMessage, res: ServerResponse, lane: PostLane, body: Buffer, startedAt: number) => {
    let data: unknown;
    try {
      data = JSON.parse(body.toString());
    } catch {
      return handOver(req, res, body);
    }
    const checked = lane.check(data);
    if (!checked.success) return handOver(req, res, body);
    const requestId = log.idFor(headerOf(req, "x-request-id"));
    const finish = (answer: WriteAnswer) => {
      try {
        writeHead(res, answer, requestId);
      } catch (err) {
        // Not an answer node will write (a header value it refuses): the error road's 500, as Hono's would be.
        return finish(errorAnswer(err));
      }
      metrics.recordRoute("POST", lane.path, answer.status, startedAt);
      log.write(requestId, "POST", lane.path, answer.status, startedAt, answer.logged);
      res.end(answer.body ?? undefined);
    };
    const errorAnswer = (err: unknown): WriteAnswer => {
      const problem = problemAnswer(err, (e) => shell.unhandled(requestId, e));
      return { status: problem.status as StatusCode, headers: problem.headers, body: Buffer.from(problem.body) };
    };
    const request: RequestFacts = {
      header: (name) => headerOf(req, name),
      remoteAddress: () => req.socket.remoteAddress,
    };
    let answer: WriteAnswer | Promise<WriteAnswer>;
    try {
      answer = lane.answer(checked.data, request);
    } catch (err) {
      return finish(errorAnswer(err));
    }
    if (!("then" in answer)) return finish(answer);
    return answer.then(finish, (err: unknown) => finish(errorAnswer(err)));
  };

  const post = (req: IncomingMessage, res: ServerResponse, lane: PostLane) => {
    const { headers } = req;
    const length = headers["content-length"];
    // What the shell's body limit judges by its headers alone, within the limit: anything else is Hono's (a 413, a
    // chunked body it counts as it reads).
    if (
      length === undefined ||
      headers["transfer-encoding"] !== undefined ||
      !(Number.parseInt(length, 10) <= lane.limit) ||
      !isJsonType(mediaType(headerOf(req, "content-type"))) ||
      repeats(req.rawHeaders, "content-type") ||
      asksForHtml(headerOf(req, "accept"), false)
    ) {
      return hono(req, res);
    }
    const startedAt = performance.now();
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => answerPost(req, res, lane, chunks.length === 1 ? chunks[0] : Buffer.concat(chunks), startedAt));
    // A client gone mid-body: Hono's road meets the same broken stream and answers as it does.
    req.on("error", () => hono(req, res));
  };

  return (req, res) => {
    const url = req.url ?? "";
    const method = req.method;
    if (method !== "GET" && method !== "POST") return hono(req, res);
    const q = url.indexOf("?");
    const path = q === -1 ? url : url.slice(0, q);
    if (method === "GET") {
      const lane = lanes.get(path);
      if (
        !lane ||
        !PLAIN_QUERY.test(url) ||
        !PLAIN_HOST.test(req.headers.host ?? "") ||
        req.headers["content-length"] !== undefined ||
        req.headers["transfer-encoding"] !== undefined
      ) {
        return hono(req, res);
      }
      return read(req, res, lane, url);
    }
    const lane = posts.get(path);
    if (!lane || !PLAIN_QUERY.test(url) || !PLAIN_HOST.test(req.headers.host ?? "")) return hono(req, res);
    return post(req, res, lane);
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
/**
 * Whether a header comes more than once. Node keeps only the first Content-Type in `req.headers`, while
 * @hono/node-server joins every one (and then refuses the joined type): such a request is Hono's.
 */
function repeats(rawHeaders: string[], name: string): boolean {
  let seen = false;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const key = rawHeaders[i] as string;
    if (key.length === name.length && key.toLowerCase() === name) {
      if (seen) return true;
      seen = true;
    }
  }
  return false;
}
const isHttpSpace = (code: number) => code === 9 || code === 10 || code === 13 || code === 32;
