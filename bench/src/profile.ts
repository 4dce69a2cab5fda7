// One service under one load, for profiling: `BENCH_PROFILE=/tmp/prof node --import tsx src/profile.ts
// <thread|304|counts|post|signup> [seconds]` writes the service's .cpuprofile there (open it in Chrome DevTools or
// speedscope); the service's own output goes to bench/results/profile-output.log. PROFILE_PRELOAD=thread (or
// counts) first reads for 5 s, to see whether a read load changes what follows. `baseline <status> <bytes>` loads
// the bare-Hono baseline instead (GET /fixed/<status>/<bytes>), for its CPU per request beside Parlor's.
// PROFILE_SMTP=1 (signup) sends the confirmations to a relay, PROFILE_RATE a fixed rate, PROFILE_WARMUP seconds of
// the same load first; each is described where it is read below.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LoadResult } from "./load.ts";
import { cpuSeconds, runJson, startService } from "./processes.ts";
import { COUNT_URIS, seedComments, THREAD_URI } from "./seed.ts";
import { startCountingSink } from "./smtp-sink.ts";
import { BENCH_DIR, baselineCommand, benchScript, serviceCommand, serviceEnv } from "./stack.ts";

const what = process.argv[2] ?? "thread";
if (what === "baseline") {
  const [status, bytes, secs] = process.argv.slice(3);
  const [node, ...rest] = baselineCommand();
  const profile = process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const base = await startService("baseline", [node, ...profile, ...rest], { cwd: BENCH_DIR, env: process.env });
  try {
    const cpu0 = cpuSeconds(base.pid);
    const r = await runJson<LoadResult>(
      benchScript("load.ts").concat(
        JSON.stringify({
          url: `${base.url}/fixed/${status}/${bytes}`,
          expect: Number(status),
          connections: 50,
          seconds: Number(secs ?? 5),
        }),
      ),
      { cwd: BENCH_DIR },
    );
    const cpu = cpuSeconds(base.pid) - cpu0;
    console.log(JSON.stringify({ ...r, cpuUsPerRequest: Math.round((cpu * 1e6) / Math.max(1, r.requests)) }));
  } finally {
    await base.stop();
  }
  process.exit(0);
}
const seconds = Number(process.argv[3] ?? 5);
const results = join(BENCH_DIR, "results");
mkdirSync(results, { recursive: true });
const tmp = mkdtempSync(join(tmpdir(), "parlor-prof-"));
const service = what === "signup" ? "newsletter" : "comments";
// PROFILE_SMTP=1 (signup): the newsletter sends its confirmations to a local relay in this process, as in `pnpm
// bench` (where SMTP_URL is set), instead of queueing them with nowhere to go; MAIL_RATE as shipped unless
// PROFILE_VARS sets it. The line printed at the end says how many reached the relay.
const sink = service === "newsletter" && process.env.PROFILE_SMTP ? await startCountingSink(() => {}) : null;
// PROFILE_ROOT=<checkout>: another build's services, e.g. the one `pnpm bench --compare <ref> --keep` left.
const { command, cwd } = serviceCommand(service, process.env.PROFILE_ROOT);
const s = await startService(service, command, {
  cwd,
  env: serviceEnv(service === "comments" ? "COMMENTS" : "NEWSLETTER", tmp, {
    ...(service === "comments" ? { MODERATION: "flagged" } : {}),
    ...(sink ? { SMTP_URL: sink.url } : {}),
    // PROFILE_VARS='{"LOG_LEVEL":"warn"}': the service's own settings (without its prefix), e.g. request logs off.
    ...(JSON.parse(process.env.PROFILE_VARS ?? "{}") as Record<string, string>),
  }),
});
try {
  if (service === "comments") await seedComments(s.url);
  const threadUrl = `${s.url}/v1/comments?uri=${encodeURIComponent(THREAD_URI)}&limit=50`;
  const etag = service === "comments" ? ((await fetch(threadUrl)).headers.get("etag") ?? "") : "";
  const spec =
    what === "thread"
      ? { url: threadUrl, expect: 200 }
      : what === "304"
        ? { url: threadUrl, headers: { "if-none-match": etag }, expect: 304 }
        : what === "counts"
          ? {
              url: `${s.url}/v1/counts?${COUNT_URIS.map((u) => `uri=${encodeURIComponent(u)}`).join("&")}`,
              expect: 200,
            }
          : what === "post"
            ? {
                url: `${s.url}/v1/comments`,
                method: "POST",
                headers: { "content-type": "application/json" },
                body: JSON.stringify({
                  uri: "/bench/posts/[<page>]",
                  author: { name: "Bench Reader" },
                  body: "A durable comment, **committed** before its 201.",
                }),
                uniqueIds: true,
                expect: 201,
              }
            : {
                url: `${s.url}/v1/subscriptions`,
                method: "POST",
                headers: { "content-type": "application/json" },
                body: JSON.stringify({ email: "p-[<id>]@example.org", consent: true }),
                uniqueIds: true,
                expect: 202,
              };
  if (process.env.PROFILE_PRELOAD) {
    const read =
      process.env.PROFILE_PRELOAD === "counts"
        ? { url: `${s.url}/v1/counts?${COUNT_URIS.map((u) => `uri=${encodeURIComponent(u)}`).join("&")}`, expect: 200 }
        : { url: `${s.url}/v1/comments?uri=${encodeURIComponent(THREAD_URI)}&limit=50`, expect: 200 };
    console.log(
      await runJson(benchScript("load.ts").concat(JSON.stringify({ ...read, connections: 50, seconds: 5 })), {
        cwd: BENCH_DIR,
      }),
    );
  }
  // PROFILE_WARMUP=2: the same load for that many seconds first, unmeasured, so the JIT's warm-up is not counted.
  const warmup = Number(process.env.PROFILE_WARMUP ?? 0);
  if (warmup > 0)
    await runJson(benchScript("load.ts").concat(JSON.stringify({ ...spec, connections: 50, seconds: warmup })), {
      cwd: BENCH_DIR,
    });
  const cpu0 = cpuSeconds(s.pid);
  const own0 = process.cpuUsage();
  const r = await runJson<LoadResult>(
    // PROFILE_RATE=600: that many requests per second, not as many as answered, so that two builds compared by
    // their CPU per request do the same work in the same batches whatever else the machine runs.
    benchScript("load.ts").concat(
      JSON.stringify({ ...spec, connections: 50, seconds, rate: Number(process.env.PROFILE_RATE ?? 0) || undefined }),
    ),
    { cwd: BENCH_DIR },
  );
  const cpu = cpuSeconds(s.pid) - cpu0;
  const own = process.cpuUsage(own0);
  const perRequest = (us: number) => Math.round(us / Math.max(1, r.requests));
  // CPU time of the service per answered request: steadier than req/s on a shared machine. benchCpuUsPerRequest:
  // this process's own (it shares the cores with the service; the load generator is a process of its own).
  console.log(
    JSON.stringify({
      ...r,
      cpuUsPerRequest: perRequest(cpu * 1e6),
      benchCpuUsPerRequest: perRequest(own.user + own.system),
      ...(sink ? { relayReceived: sink.received() } : {}),
    }),
  );
  writeFileSync(join(results, "profile-output.log"), s.output());
} finally {
  await s.stop();
  await sink?.close();
  rmSync(tmp, { recursive: true, force: true });
}
console.log(
  process.env.BENCH_PROFILE ? `profile written to ${process.env.BENCH_PROFILE}` : "set BENCH_PROFILE for a profile",
);
