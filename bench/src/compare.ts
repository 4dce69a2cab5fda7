// `pnpm bench --compare <git-ref>`: two builds of Parlor side by side in one run. The ref's services are bundled in
// a temporary git worktree (under the system's temp folder, removed afterwards), this checkout's as usual, and the
// HTTP scenarios load the old build, the new one and the bare-Hono baseline in alternating rounds (the order changed
// each round), so every new/old ratio comes from two loads a few seconds apart on the same machine. See
// docs/performance.md ("Comparing two builds").
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { bundleServices } from "./build.ts";
import { type LoadResult, type LoadSpec, postBody, postLoad, signupLoad } from "./load.ts";
import { cpuSeconds, runJson, type Service, startService } from "./processes.ts";
import { COUNT_URIS, seedComments, THREAD_URI } from "./seed.ts";
import { type CountingSink, startCountingSink } from "./smtp-sink.ts";
import { BENCH_DIR, baselineCommand, benchScript, REPO_ROOT, serviceCommand, serviceEnv } from "./stack.ts";

export const COMPARE_SCENARIOS = ["thread", "304", "counts", "post", "signup"] as const;
type Scenario = (typeof COMPARE_SCENARIOS)[number];

export interface CompareOptions {
  ref: string;
  /** Seconds of load per side, shared by the rounds. */
  seconds: number;
  rounds: number;
  warmup: number;
  connections: number;
  scenarios: Scenario[];
  /** Keep the ref's worktree (its path is printed), e.g. to profile the old build with PROFILE_ROOT. */
  keep: boolean;
  log: (line: string) => void;
}

type Side = "old" | "new" | "baseline";
const SIDES: Side[] = ["old", "new", "baseline"];
type Spec = Omit<LoadSpec, "seconds" | "connections">;

/** One load on one side: its result and the CPU the loaded process spent meanwhile (user + system, /proc). */
interface Run extends LoadResult {
  cpu: number;
}

interface CompareRow {
  scenario: string;
  rps: Record<Side, number>;
  /** new / old req/s in each round, and their median. */
  rounds: number[];
  ratio: number;
  /** Each build's median ratio to the baseline loaded in the same rounds. */
  oldToBaseline: number;
  newToBaseline: number;
  /** CPU µs per answered request, all rounds together; and new / old CPU per request in each round. */
  cpuUs: Record<Side, number>;
  cpuRounds: number[];
  cpuRatio: number;
  errors: Record<Side, number>;
  verdict: string;
}

/**
 * The orders of the three loads in successive rounds: all six, so that over six rounds each side runs first, second
 * and third twice and follows each of the other two equally often. A load can slow the one after it (its sockets
 * closing, other work on the machine that started meanwhile); rotating one order by one step put the new build right
 * after the old one in four rounds of six and the old one after the new one in one.
 */
const ORDERS: Side[][] = [
  ["old", "new", "baseline"],
  ["new", "old", "baseline"],
  ["baseline", "old", "new"],
  ["baseline", "new", "old"],
  ["old", "baseline", "new"],
  ["new", "baseline", "old"],
];

/**
 * Waits (up to 5 s) until `pid` spends at most a clock tick of CPU in 200 ms: the load it had is over. Returns the
 * CPU seconds it spent meanwhile.
 */
async function settled(pid: number) {
  const first = cpuSeconds(pid);
  for (let i = 0, last = first; i < 25; i++) {
    await new Promise((r) => setTimeout(r, 200));
    const now = cpuSeconds(pid);
    if (now - last <= 0.01) break;
    last = now;
  }
  return cpuSeconds(pid) - first;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const pct = (x: number) => `${x >= 1 ? "+" : "−"}${Math.abs(Math.round((x - 1) * 100))} %`;

function git(args: string[], cwd = REPO_ROOT) {
  const r = spawnSync("git", args, { cwd, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")} failed:\n${r.stderr}`);
  return r.stdout.trim();
}

/**
 * The ref checked out in a temporary worktree, installed from the pnpm store (offline first; online only if the
 * store lacks a package) and both services bundled there. `remove()` deletes the worktree and its folder.
 */
function checkOut(ref: string, log: (line: string) => void) {
  const commit = git(["rev-parse", "--verify", `${ref}^{commit}`]);
  const dir = mkdtempSync(join(tmpdir(), "parlor-compare-"));
  const root = join(dir, "checkout");
  const remove = () => {
    spawnSync("git", ["worktree", "remove", "--force", root], { cwd: REPO_ROOT });
    rmSync(dir, { recursive: true, force: true });
    spawnSync("git", ["worktree", "prune"], { cwd: REPO_ROOT });
  };
  try {
    git(["worktree", "add", "--detach", root, commit]);
    log(
      `old build: ${ref} = ${commit.slice(0, 7)} (${git(["log", "-1", "--format=%s", commit]).slice(0, 80)}) in ${root}`,
    );
    const env = { ...process.env, npm_config_nodedir: process.env.npm_config_nodedir ?? "/usr" };
    for (const args of [
      ["install", "--frozen-lockfile", "--offline"],
      ["install", "--frozen-lockfile"],
    ]) {
      const r = spawnSync("pnpm", args, { cwd: root, env, encoding: "utf8" });
      if (r.status === 0) {
        log(`  pnpm ${args.join(" ")}: done`);
        break;
      }
      if (args.length === 2) throw new Error(`pnpm install in ${root} failed:\n${r.stderr}${r.stdout}`);
      log(`  pnpm ${args.join(" ")} failed (a package missing from the store?); online…`);
    }
    // A ref from before the bundles runs its services under tsx (serviceCommand falls back to src/main.ts).
    if (existsSync(join(root, "scripts", "bundle-service.mjs"))) bundleServices(root, log);
    else log("  the old build has no scripts/bundle-service.mjs: its services run under tsx");
  } catch (err) {
    remove();
    throw err;
  }
  return { root, commit, remove };
}

/**
 * Runs the comparison; the new build is this checkout (bundled by the caller unless --no-build). Returns the
 * Markdown it wrote to bench/results/compare.md.
 */
export async function compareBuilds(o: CompareOptions) {
  const { log } = o;
  const load0 = loadavg();
  const started = new Date();
  const old = checkOut(o.ref, log);
  const head = git(["rev-parse", "HEAD"]);
  const dirty = git(["status", "--porcelain", "--untracked-files=no"]) !== "";
  const tmp = mkdtempSync(join(tmpdir(), "parlor-compare-data-"));
  const running: Service[] = [];
  const rows: CompareRow[] = [];
  const notes: string[] = [];
  const each = Math.max(1, Math.round(o.seconds / o.rounds));
  let sink: CountingSink | null = null;

  const load = (spec: Spec, seconds = each) =>
    runJson<LoadResult>(
      benchScript("load.ts").concat(JSON.stringify({ ...spec, seconds, connections: o.connections })),
      {
        cwd: BENCH_DIR,
      },
    );
  const start = async (side: "old" | "new", service: "comments" | "newsletter", vars: Record<string, string>) => {
    const { command, cwd } = serviceCommand(service, side === "old" ? old.root : REPO_ROOT);
    const prefix = service === "comments" ? "COMMENTS" : "NEWSLETTER";
    const s = await startService(`${side} ${service}`, command, {
      cwd,
      env: serviceEnv(prefix, join(tmp, `${side}-${service}`), vars),
    });
    running.push(s);
    return s;
  };
  const stop = async (s: Service) => {
    await s.stop();
    running.splice(running.indexOf(s), 1);
  };

  /**
   * One scenario: each side warmed up, then `rounds` rounds of old, new and baseline in the six orders of ORDERS,
   * each load `each` seconds and followed by a pause until the process it loaded is idle again.
   */
  async function compare(scenario: string, pids: Record<Side, number>, specs: Record<Side, Spec>, warm = specs) {
    log(`${scenario}…`);
    if (o.warmup > 0) for (const side of SIDES) await load(warm[side], o.warmup);
    const runs: Record<Side, Run[]> = { old: [], new: [], baseline: [] };
    const cpuAtStart = Object.fromEntries(SIDES.map((side) => [side, cpuSeconds(pids[side])])) as Record<Side, number>;
    const after: Record<Side, number> = { old: 0, new: 0, baseline: 0 };
    for (let i = 0; i < o.rounds; i++) {
      const order = ORDERS[i % ORDERS.length];
      for (const side of order) {
        const cpu0 = cpuSeconds(pids[side]);
        const r = await load(specs[side]);
        runs[side].push({ ...r, cpu: cpuSeconds(pids[side]) - cpu0 });
        after[side] += await settled(pids[side]);
      }
      const [o1, n1, b1] = SIDES.map((side) => runs[side][i]);
      log(
        `  round ${i + 1} (${order.join(", ")}): old ${o1.rps}, new ${n1.rps}, baseline ${b1.rps} req/s; new/old ${(n1.rps / o1.rps).toFixed(2)}; CPU s after the loads so far: old ${after.old.toFixed(2)}, new ${after.new.toFixed(2)}`,
      );
    }
    // Work a request leaves behind (a signup's confirmation email goes out after its 202) may run while another
    // side is loaded: each process's CPU is counted over the whole scenario, a second after its last load included.
    await new Promise((r) => setTimeout(r, 1000));
    const rps = (side: Side) => Math.round(runs[side].reduce((n, r) => n + r.ok, 0) / (each * o.rounds));
    const requests = (side: Side) =>
      Math.max(
        1,
        runs[side].reduce((n, r) => n + r.requests, 0),
      );
    const cpuUs = (side: Side) => Math.round(((cpuSeconds(pids[side]) - cpuAtStart[side]) * 1e6) / requests(side));
    const perRound = (side: Side, i: number) => runs[side][i].cpu / Math.max(1, runs[side][i].requests);
    const ratios = runs.new.map((r, i) => (runs.old[i].rps ? r.rps / runs.old[i].rps : 0));
    const cpuRounds = runs.new.map((_, i) => perRound("new", i) / Math.max(1e-9, perRound("old", i)));
    const toBase = (side: Side) =>
      median(runs[side].map((r, i) => (runs.baseline[i].rps ? r.rps / runs.baseline[i].rps : 0)));
    const ratio = median(ratios);
    const cpuRatio = median(cpuRounds);
    // Worse beyond the rounds' spread: every round's new/old below 1 (req/s), or above 1 (CPU per request).
    const slower = ratios.every((r) => r < 1);
    const costlier = cpuRounds.every((r) => r > 1);
    const verdict =
      slower || costlier
        ? `worse by ${Math.round((1 - ratio) * 100)} % in req/s (every round ${slower ? "slower" : "not slower"}), CPU per request ${pct(cpuRatio)} (every round ${costlier ? "costlier" : "not costlier"})`
        : ratio >= 1 && cpuRatio <= 1
          ? `no worse: req/s ${pct(ratio)}, CPU per request ${pct(cpuRatio)}`
          : `no worse beyond the rounds' spread: req/s ${pct(ratio)} (rounds ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}), CPU per request ${pct(cpuRatio)} (rounds ${Math.min(...cpuRounds).toFixed(2)}–${Math.max(...cpuRounds).toFixed(2)})`;
    const row: CompareRow = {
      scenario,
      rps: { old: rps("old"), new: rps("new"), baseline: rps("baseline") },
      rounds: ratios,
      ratio,
      oldToBaseline: toBase("old"),
      newToBaseline: toBase("new"),
      cpuUs: { old: cpuUs("old"), new: cpuUs("new"), baseline: cpuUs("baseline") },
      cpuRounds,
      cpuRatio,
      errors: {
        old: runs.old.reduce((n, r) => n + r.errors, 0),
        new: runs.new.reduce((n, r) => n + r.errors, 0),
        baseline: runs.baseline.reduce((n, r) => n + r.errors, 0),
      },
      verdict,
    };
    rows.push(row);
    log(
      `  ${scenario}: new/old ${ratio.toFixed(2)}, CPU µs/request old ${row.cpuUs.old}, new ${row.cpuUs.new}: ${verdict}`,
    );
  }

  /** The first answer of each build must have the status the scenario expects, or the scenario is left out. */
  async function probe(scenario: string, urls: Record<"old" | "new", () => Promise<Response>>, expect: number) {
    for (const side of ["old", "new"] as const) {
      const res = await urls[side]();
      if (res.status !== expect) {
        notes.push(`${scenario}: left out, the ${side} build answered ${res.status} (expected ${expect}).`);
        log(`  ${scenario}: the ${side} build answered ${res.status}, not ${expect}: left out`);
        return null;
      }
    }
    return true;
  }

  try {
    if (!existsSync(join(BENCH_DIR, "dist", "baseline-server.mjs")))
      log("(baseline under tsx: run without --no-build to bundle it)");
    const baseline = await startService("baseline", baselineCommand(), { cwd: BENCH_DIR, env: process.env });
    running.push(baseline);
    const fixed = (status: number, size: number) => `${baseline.url}/fixed/${status}/${size}`;
    const wanted = new Set(o.scenarios);

    if (["thread", "304", "counts", "post"].some((s) => wanted.has(s as Scenario))) {
      const c = {
        old: await start("old", "comments", { MODERATION: "flagged" }),
        new: await start("new", "comments", { MODERATION: "flagged" }),
      };
      for (const side of ["old", "new"] as const) await seedComments(c[side].url);
      const pids = { old: c.old.pid, new: c.new.pid, baseline: baseline.pid };
      const threadUrl = (s: Service) => `${s.url}/v1/comments?uri=${encodeURIComponent(THREAD_URI)}&limit=50`;
      const sizes = { old: "", new: "" };
      const etags = { old: "", new: "" };
      for (const side of ["old", "new"] as const) {
        const res = await fetch(threadUrl(c[side]));
        sizes[side] = `${Buffer.byteLength(await res.text())}`;
        etags[side] = res.headers.get("etag") ?? "";
      }
      notes.push(`Thread page: ${sizes.old} bytes from the old build, ${sizes.new} from the new one.`);
      if (wanted.has("thread")) {
        await compare("1. Read a thread (50 comments + 20 replies)", pids, {
          old: { url: threadUrl(c.old), expect: 200 },
          new: { url: threadUrl(c.new), expect: 200 },
          baseline: { url: fixed(200, Number(sizes.new)), expect: 200 },
        });
      }
      if (wanted.has("304") && etags.old && etags.new) {
        await compare("2. Same read with If-None-Match", pids, {
          old: { url: threadUrl(c.old), headers: { "if-none-match": etags.old }, expect: 304 },
          new: { url: threadUrl(c.new), headers: { "if-none-match": etags.new }, expect: 304 },
          baseline: { url: fixed(304, 0), expect: 304 },
        });
      }
      const countsUrl = (s: Service) =>
        `${s.url}/v1/counts?${COUNT_URIS.map((u) => `uri=${encodeURIComponent(u)}`).join("&")}`;
      if (
        wanted.has("counts") &&
        (await probe("3. Counts", { old: () => fetch(countsUrl(c.old)), new: () => fetch(countsUrl(c.new)) }, 200))
      ) {
        const size = Buffer.byteLength(await (await fetch(countsUrl(c.new))).text());
        await compare("3. Counts for 20 pages", pids, {
          old: { url: countsUrl(c.old), expect: 200 },
          new: { url: countsUrl(c.new), expect: 200 },
          baseline: { url: fixed(200, size), expect: 200 },
        });
      }
      if (wanted.has("post")) {
        const created = await fetch(`${c.new.url}/v1/comments`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: postBody("/bench/probe"),
        });
        const size = Buffer.byteLength(await created.text());
        await compare(
          "4. Post a comment (durable)",
          pids,
          {
            old: postLoad(`${c.old.url}/v1/comments`),
            new: postLoad(`${c.new.url}/v1/comments`),
            baseline: postLoad(fixed(201, size), ""),
          },
          {
            old: postLoad(`${c.old.url}/v1/comments`, "/bench/warmup"),
            new: postLoad(`${c.new.url}/v1/comments`, "/bench/warmup"),
            baseline: postLoad(fixed(201, size), ""),
          },
        );
      }
      await stop(c.old);
      await stop(c.new);
    }

    if (wanted.has("signup")) {
      sink = await startCountingSink(log);
      const n = {
        old: await start("old", "newsletter", { SMTP_URL: sink.url }),
        new: await start("new", "newsletter", { SMTP_URL: sink.url }),
      };
      const signup = (s: Service, prefix: string) => signupLoad(`${s.url}/v1/subscriptions`, prefix);
      const answer = await fetch(`${n.new.url}/v1/subscriptions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: "probe@example.org", consent: true }),
      });
      const size = Buffer.byteLength(await answer.text());
      await compare(
        "5. Newsletter signup (durable)",
        { old: n.old.pid, new: n.new.pid, baseline: baseline.pid },
        {
          old: signup(n.old, "bench"),
          new: signup(n.new, "bench"),
          baseline: signupLoad(fixed(202, size), "base"),
        },
        {
          old: signup(n.old, "warm"),
          new: signup(n.new, "warm"),
          baseline: signupLoad(fixed(202, size), "base"),
        },
      );
      await stop(n.old);
      await stop(n.new);
    }
    await stop(baseline);
  } finally {
    await Promise.allSettled(running.map((s) => s.stop("SIGKILL")));
    await sink?.close();
    rmSync(tmp, { recursive: true, force: true });
    if (o.keep) log(`old build kept in ${old.root} (remove with: git worktree remove --force ${old.root})`);
    else old.remove();
  }

  const load1 = loadavg();
  const meta = {
    date: started.toISOString(),
    ended: new Date().toISOString(),
    cpus: availableParallelism(),
    old: `${o.ref} (${old.commit.slice(0, 7)})`,
    new: `${head.slice(0, 7)}${dirty ? " with uncommitted changes" : ""}`,
    settings: `${o.rounds} rounds of ${each} s per side (old, new and baseline in the six orders of three, one a round, each load followed by a pause until its process is idle) after ${o.warmup} s warm-up each, ${o.connections} connections`,
    loadAverage: { before: load0.map((x) => x.toFixed(2)), after: load1.map((x) => x.toFixed(2)) },
  };
  const md = compareMarkdown(meta, rows, notes);
  const dir = join(BENCH_DIR, "results");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "compare.md"), md);
  writeFileSync(join(dir, "compare.json"), `${JSON.stringify({ ...meta, rows, notes }, null, 2)}\n`);
  return md;
}

function compareMarkdown(
  meta: Record<string, unknown> & { loadAverage: { before: string[]; after: string[] } },
  rows: CompareRow[],
  notes: string[],
) {
  const n = (x: number) => x.toLocaleString("en-US");
  return [
    `Parlor bench --compare, ${meta.date} to ${meta.ended} (node ${process.version}, ${meta.cpus} cores; load average ${meta.loadAverage.before.join(", ")} before, ${meta.loadAverage.after.join(", ")} after). Old: ${meta.old}; new: ${meta.new}; ${meta.settings}.`,
    "",
    "| Scenario | old req/s | new req/s | new/old (median) | new/old each round | old/baseline | new/baseline | CPU µs/request old | new | baseline | CPU new/old (median) | errors old/new |",
    "|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ...rows.map(
      (r) =>
        `| ${r.scenario} | ${n(r.rps.old)} | ${n(r.rps.new)} | ${r.ratio.toFixed(2)} | ${r.rounds.map((x) => x.toFixed(2)).join(", ")} | ${r.oldToBaseline.toFixed(2)} | ${r.newToBaseline.toFixed(2)} | ${n(r.cpuUs.old)} | ${n(r.cpuUs.new)} | ${n(r.cpuUs.baseline)} | ${r.cpuRatio.toFixed(2)} | ${r.errors.old}/${r.errors.new} |`,
    ),
    "",
    ...rows.map((r) => `- ${r.scenario}: ${r.verdict}.`),
    ...notes.map((x) => `- ${x}`),
    "",
  ].join("\n");
}
