// `pnpm test`: every package's tests through turbo (one failing package does not stop the others), then one plain
// closing line summed from each package's vitest JSON report. Exits non-zero if anything failed or crashed.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
// Workspace packages: the folders under these groups that hold a package.json.
const packageDirs = ["packages", "services", "infra"].flatMap((group) =>
  existsSync(join(root, group))
    ? readdirSync(join(root, group))
        .map((name) => join(root, group, name))
        .filter((dir) => existsSync(join(dir, "package.json")))
    : [],
);
packageDirs.push(join(root, "tests"), join(root, "bench"));
for (const dir of packageDirs) rmSync(join(dir, ".vitest"), { recursive: true, force: true });

// Two steps. First the in-process suites (packages, services, the gateway, bench) two packages at a time: each
// package's vitest runs its files in one worker (vitest takes cores - 1, so one on a 2-core machine), so two of
// them keep both cores busy. Then tests/ alone: its services run as processes beside Chromium, and its timing
// tests (slow clients, load, a crash mid-write) keep their timing honest with the machine to themselves.
// With arguments (`pnpm test --filter=…`) one turbo run as asked, one package at a time.
const turboRun = (...args) =>
  spawnSync("pnpm", ["exec", "turbo", "run", "test", "--continue", ...args], { cwd: root, stdio: "inherit" });
const extra = process.argv.slice(2);
const runs =
  extra.length > 0
    ? [turboRun("--concurrency=1", ...extra)]
    : [turboRun("--concurrency=2", "--filter=!@parlor/tests"), turboRun("--concurrency=1", "--filter=@parlor/tests")];
const turbo = { status: runs.every((r) => r.status === 0) ? 0 : 1 };

let passed = 0;
let failed = 0;
let skipped = 0;
for (const dir of packageDirs) {
  const report = join(dir, ".vitest", "results.json");
  if (!existsSync(report)) continue;
  const r = JSON.parse(readFileSync(report, "utf8"));
  passed += r.numPassedTests;
  failed += r.numFailedTests || (r.success ? 0 : Math.max(1, r.numFailedTestSuites)); // a crashed file counts once
  skipped += r.numPendingTests + r.numTodoTests;
}
if (turbo.status !== 0 && failed === 0) failed = 1; // a package crashed before writing its report
console.log(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
