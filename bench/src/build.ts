import { spawnSync } from "node:child_process";
import { join } from "node:path";
import * as esbuild from "esbuild";
import { BASELINE_BUNDLE, BENCH_DIR, REPO_ROOT } from "./stack.ts";

/**
 * Bundles both services (`pnpm --filter @parlor/<service> build`, dist/main.mjs) so the bench runs what
 * production runs: plain node on one file. Always rebuilt, so a stale bundle is never measured.
 */
export async function buildServices(log: (line: string) => void) {
  for (const service of ["comments", "newsletter"]) {
    const cwd = join(REPO_ROOT, "services", service);
    const r = spawnSync(process.execPath, [join(REPO_ROOT, "scripts", "bundle-service.mjs")], {
      cwd,
      encoding: "utf8",
    });
    if (r.status !== 0) throw new Error(`building ${service} failed:\n${r.stderr}${r.stdout}`);
    log(r.stdout.trim());
  }
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
