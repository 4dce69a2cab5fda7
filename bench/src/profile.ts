// One service under one load, for profiling: `BENCH_PROFILE=/tmp/prof node --import tsx src/profile.ts
// <thread|post|signup> [seconds]` writes the service's .cpuprofile there (open it in Chrome DevTools or
// speedscope); the service's own output goes to bench/results/profile-output.log. PROFILE_PRELOAD=thread (or
// counts) first reads for 5 s, to see whether a read load changes what follows.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LoadResult } from "./load.ts";
import { runJson, startService } from "./processes.ts";
import { COUNT_URIS, seedComments, THREAD_URI } from "./seed.ts";
import { BENCH_DIR, benchScript, serviceCommand, serviceEnv } from "./stack.ts";

const what = process.argv[2] ?? "thread";
const seconds = Number(process.argv[3] ?? 5);
const results = join(BENCH_DIR, "results");
mkdirSync(results, { recursive: true });
const tmp = mkdtempSync(join(tmpdir(), "parlor-prof-"));
const service = what === "signup" ? "newsletter" : "comments";
const { command, cwd } = serviceCommand(service);
const s = await startService(service, command, {
  cwd,
  env: serviceEnv(
    service === "comments" ? "COMMENTS" : "NEWSLETTER",
    tmp,
    service === "comments" ? { MODERATION: "flagged" } : {},
  ),
});
try {
  if (service === "comments") await seedComments(s.url);
  const spec =
    what === "thread"
      ? { url: `${s.url}/v1/comments?uri=${encodeURIComponent(THREAD_URI)}&limit=50`, expect: 200 }
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
  const r = await runJson<LoadResult>(
    benchScript("load.ts").concat(JSON.stringify({ ...spec, connections: 50, seconds })),
    { cwd: BENCH_DIR },
  );
  console.log(JSON.stringify(r));
  writeFileSync(join(results, "profile-output.log"), s.output());
} finally {
  await s.stop();
  rmSync(tmp, { recursive: true, force: true });
}
console.log(
  process.env.BENCH_PROFILE ? `profile written to ${process.env.BENCH_PROFILE}` : "set BENCH_PROFILE for a profile",
);
