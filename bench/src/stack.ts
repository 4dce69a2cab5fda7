import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const BENCH_DIR = join(REPO_ROOT, "bench");
export const ADMIN_TOKEN = "parlor-bench-admin-token-32-chars";

/**
 * How a service runs: its bundle under dist/ when built, with the node flags its systemd unit passes (what
 * operators run), else tsx. `root`: the checkout it runs from (another build's worktree for `--compare`, which
 * runs with this checkout's node flags, so that the two builds differ by their code alone).
 */
export function serviceCommand(
  service: "comments" | "newsletter",
  root = REPO_ROOT,
): { command: string[]; cwd: string } {
  const cwd = join(root, "services", service);
  const bundle = join(cwd, "dist", "main.mjs");
  const profile = profileFlags();
  if (existsSync(bundle)) return { command: [process.execPath, ...profile, ...shippedNodeFlags(service), bundle], cwd };
  return { command: [process.execPath, ...profile, "--import", "tsx", "src/main.ts"], cwd };
}

/**
 * The node flags a service's systemd unit starts its bundle with (`ExecStart=/usr/bin/node <flags> dist/main.mjs`;
 * the image's CMD repeats them), so the bench measures the process operators run.
 */
export function shippedNodeFlags(service: "comments" | "newsletter"): string[] {
  const unit = readFileSync(join(REPO_ROOT, "infra", "systemd", `parlor-${service}.service`), "utf8");
  const args = /^ExecStart=\S*node\s+(.*)$/m.exec(unit)?.[1].trim().split(/\s+/) ?? [];
  if (args.at(-1) !== "dist/main.mjs")
    throw new Error(`parlor-${service}.service: ExecStart does not run dist/main.mjs`);
  return args.slice(0, -1);
}

/** BENCH_PROFILE=<dir>: every service process (and the nodemailer baseline) writes a CPU profile there when it stops. */
export function profileFlags(): string[] {
  return process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
}

export const BASELINE_BUNDLE = join(BENCH_DIR, "dist", "baseline-server.mjs");

/** The bare-Hono baseline: bundled like the services when built, else under tsx. */
export function baselineCommand(): string[] {
  return existsSync(BASELINE_BUNDLE) ? [process.execPath, BASELINE_BUNDLE] : benchScript("baseline-server.ts");
}

export function benchScript(file: string): string[] {
  return [process.execPath, "--import", "tsx", join(BENCH_DIR, "src", file)];
}

/**
 * Production-like settings: production mode, info-level logs (a line per request, as the units in infra/ run),
 * FULL sync (the default), and the per-client rate limits off, since the whole load comes from one address.
 */
export function serviceEnv(prefix: "COMMENTS" | "NEWSLETTER", dataDir: string, vars: Record<string, string> = {}) {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(COMMENTS|NEWSLETTER|GATEWAY|PARLOR)_/.test(key)) continue;
    if (
      ["HOST", "PORT", "DATA_DIR", "DATABASE_URL", "SMTP_URL", "PUBLIC_URL", "ADMIN_TOKEN", "LOG_LEVEL"].includes(key)
    )
      continue;
    env[key] = value;
  }
  const limits =
    prefix === "COMMENTS"
      ? ["RATE_LIMIT", "SOFT_RATE_LIMIT"]
      : ["RATE_LIMIT", "ADDRESS_RATE_LIMIT", "SOFT_RATE_LIMIT", "NETWORK_RATE_LIMIT", "ADDRESS_SOFT_LIMIT"];
  Object.assign(env, {
    NODE_ENV: "production",
    [`${prefix}_HOST`]: "127.0.0.1",
    [`${prefix}_PORT`]: "0",
    [`${prefix}_DATA_DIR`]: dataDir,
    [`${prefix}_PUBLIC_URL`]: "http://127.0.0.1:8080",
    [`${prefix}_ADMIN_TOKEN`]: ADMIN_TOKEN,
    [`${prefix}_LOG_LEVEL`]: "info", // as shipped: one line per request
    ...Object.fromEntries(limits.map((l) => [`${prefix}_${l}`, "0"])),
  });
  for (const [key, value] of Object.entries(vars)) env[`${prefix}_${key}`] = value;
  return env;
}
