import { spawnSync } from "node:child_process";
import { join } from "node:path";
import * as esbuild from "esbuild";
import { BASELINE_BUNDLE, BENCH_DIR, REPO_ROOT } from "./stack.ts";

/**
 * Bundles both services (`pnpm --filter @parlor/<service> build`, dist/main.mjs) so the bench runs what
 * production runs: plain node on one file. Always rebuilt, so a stale bundle is never measured.
 */
export async function buildServices(log: (line: string) => void) {
  bundleServices(REPO_ROOT, log);
  // The baseline runs the same way: one bundled file under plain node.
  await esbuild.build({
    entryPoints: [join(BENCH_DIR, "src", "baseline-server.ts")],
    outfile: BASELINE_BUNDLE,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    logLevel: "warning",
  });
}

/** Both services' bundles of the checkout at `root` (this one, or another build's worktree for `--compare`). */
export function bundleServices(root: string, log: (line: string) => void) {
  for (const service of ["comments", "newsletter"]) {
    const cwd = join(root, "services", service);
    const r = spawnSync(process.execPath, [join(root, "scripts", "bundle-service.mjs")], {
      cwd,
      encoding: "utf8",
    });
    if (r.status !== 0) throw new Error(`building ${service} in ${root} failed:\n${r.stderr}${r.stdout}`);
    log(r.stdout.trim());
  }
}
