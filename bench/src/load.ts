// The load generator, run as its own process so it never shares an event loop with what it measures.
// Takes one JSON argument (a LoadSpec) and prints one JSON line (a LoadResult). Imported, it lends the write loads
// the default run and --compare both send (postLoad, signupLoad), so the two measure the same requests.
import { pathToFileURL } from "node:url";
import autocannon from "autocannon";

export interface LoadSpec {
  url: string;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
  connections: number;
  seconds: number;
  /** The status every answer must have; anything else counts as an error. */
  expect: number;
  /** Replace `[<id>]` in the body with a fresh id per request (unique emails), `[<page>]` with one of 1,000. */
  uniqueIds?: boolean;
  /** Requests per second at most, over all connections (autocannon's overallRate); default: as fast as answered. */
  rate?: number;
}

export interface LoadResult {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  /** Answers with the expected status. */
  ok: number;
  /** Connection errors, timeouts and answers with any other status. */
  errors: number;
  statuses: Record<string, number>;
}

/** A load without its length and connections, which each run sets. */
export type Load = Omit<LoadSpec, "seconds" | "connections">;

/** The comment every bench post sends, to `page`: a short Markdown body, as a reader writes one. */
export function postBody(page: string): string {
  return JSON.stringify({
    uri: page,
    author: { name: "Bench Reader" },
    body: "A durable comment, **committed** before its 201.",
  });
}

/**
 * Durable comment posts to `url` (a service's `/v1/comments`, the naive server's, or the baseline standing in for
 * one), every one to the same `page`: the hardest case, a post that took off (a page's total grows by one per post,
 * never recounted). Every post is the same request (each service gives the comment its own id), so autocannon
 * sends bytes it built once: a body built per request (uniqueIds) cost the load generator, which shares the cores
 * with what it loads, about 130 µs of CPU per request more.
 */
export function postLoad(url: string, page = "/bench/posts"): Load {
  return {
    url,
    method: "POST",
    headers: { "content-type": "application/json" },
    body: postBody(page),
    expect: 201,
  };
}

/** Newsletter signups to `url` (`/v1/subscriptions`), each with an address of its own: `<prefix>-<id>@example.org`. */
export function signupLoad(url: string, prefix: string): Load {
  return {
    url,
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: `${prefix}-[<id>]@example.org`, name: "Bench Reader", consent: true }),
    uniqueIds: true,
    expect: 202,
  };
}

// Run as the load generator (`node --import tsx src/load.ts '<spec>'`), not when imported for its loads.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await generate(JSON.parse(process.argv[2] ?? "{}"));

async function generate(spec: LoadSpec) {
  // Unique bodies are built per request (autocannon's own idReplacement keeps the first Content-Length).
  let seq = 0;
  const run = `${process.pid.toString(36)}${Date.now().toString(36)}`;
  const unique = spec.uniqueIds
    ? {
        requests: [
          {
            setupRequest: (req: autocannon.Request) => ({
              ...req,
              body: (spec.body ?? "")
                .replaceAll("[<id>]", `${run}-${(++seq).toString(36)}`)
                .replaceAll("[<page>]", String(seq % 1000)),
            }),
          },
        ],
      }
    : {};
  const result = await autocannon({
    url: spec.url,
    method: spec.method ?? "GET",
    headers: spec.headers,
    body: spec.body,
    connections: spec.connections,
    duration: spec.seconds,
    timeout: 10,
    ...(spec.rate ? { overallRate: spec.rate } : {}),
    ...unique,
  });
  const statuses: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statuses[code] = stat?.count ?? 0;
  const ok = statuses[String(spec.expect)] ?? 0;
  const answered = Object.values(statuses).reduce((a, b) => a + b, 0);
  const out: LoadResult = {
    requests: answered,
    rps: Math.round(ok / spec.seconds),
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok,
    errors: result.errors + result.timeouts + (answered - ok),
    statuses,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}
