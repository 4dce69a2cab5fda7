// The load generator, run as its own process so it never shares an event loop with what it measures.
// Takes one JSON argument (a LoadSpec) and prints one JSON line (a LoadResult).
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

const spec = JSON.parse(process.argv[2] ?? "{}") as LoadSpec;
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
