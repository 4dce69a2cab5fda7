// `pnpm test:reliability`: the long versions of the fault, load and hostile-input tests (RELIABILITY=long, read by
// the same test files `pnpm test` runs short), then one table of what each recorded: load held, faults survived,
// bad inputs tried, writes lost, duplicates sent, equal answers and CPU per comment. Exits non-zero if any test failed or any row is not ok.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "parlor-reliability-"));
const report = join(dir, "report.jsonl");
const env = { ...process.env, RELIABILITY: "long", RELIABILITY_REPORT: report };

// Each entry: a package folder and the test files of it that have a long version.
const runs = [
  [
    "services/comments",
    [
      "test/hostile-input.test.ts",
      "test/operations.test.ts",
      "test/client-identity.test.ts",
      "src/comments/render-cost.test.ts",
    ],
  ],
  ["services/newsletter", ["test/hostile-input.test.ts", "test/operations.test.ts", "test/equal-answers.test.ts"]],
  ["tests", ["src/reliability", "src/mail-faults.test.ts"]],
];
const began = Date.now();
let failedRuns = 0;
for (const [pkg, files] of runs) {
  console.log(`\n== ${pkg}: ${files.join(" ")}`);
  // The long runs outlast the files' own per-test timeouts (20 s, 60 s), which are meant for the short ones.
  const args = ["exec", "vitest", "run", "--testTimeout=600000", "--hookTimeout=120000", ...files];
  const r = spawnSync("pnpm", args, { cwd: join(root, pkg), env, stdio: "inherit" });
  if (r.status !== 0) failedRuns++;
}

const rows = existsSync(report)
  ? readFileSync(report, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line))
  : [];
rmSync(dir, { recursive: true, force: true });

const cell = (v, unit = "") => (v === undefined || v === null ? "" : `${v}${unit}`);
const table = [
  ["what was tried", "ok", "req/s", "p99", "5xx", "acked", "lost", "dupes", "inputs", "measured"],
  ...rows.map((r) => [
    r.name,
    r.ok ? "yes" : "NO",
    cell(r.requestsPerSecond),
    cell(r.p99Ms, " ms"),
    cell(r.serverErrors),
    cell(r.acknowledged),
    cell(r.lost),
    cell(r.duplicates),
    cell(r.inputsTried),
    // Timings and CPU costs say what they measured; other rows keep their figures in the columns.
    r.kind === "timing" || r.kind === "cpu" || r.kind === "input" ? cell(r.detail) : "",
  ]),
];
const widths = table[0].map((_, i) => Math.max(...table.map((row) => String(row[i]).length)));
const line = (row) =>
  `| ${row.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join(" | ")} |`;
console.log(`\n${line(table[0])}\n|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
for (const row of table.slice(1)) console.log(line(row));

const sum = (key, kind) => rows.filter((r) => !kind || r.kind === kind).reduce((n, r) => n + (r[key] ?? 0), 0);
const of = (kind) => rows.filter((r) => r.kind === kind);
const load = of("load");
console.log(
  [
    "",
    `load held:         ${load.filter((r) => r.ok).length}/${load.length}` +
      load.map((r) => ` (${r.requestsPerSecond} req/s, p99 ${r.p99Ms} ms, ${r.serverErrors} 5xx)`).join(""),
    `faults survived:   ${of("fault").filter((r) => r.ok).length}/${of("fault").length}`,
    `bad inputs tried:  ${sum("inputsTried")} (${sum("serverErrors", "input")} answered 5xx)`,
    `writes lost:       ${sum("lost")} of ${sum("acknowledged")} acknowledged`,
    `duplicates sent:   ${sum("duplicates")}`,
    `equal answers:     ${of("timing").filter((r) => r.ok).length}/${of("timing").length} within their bound`,
    `CPU per comment:   ${of("cpu").filter((r) => r.ok).length}/${of("cpu").length} within their bound`,
    `failed test runs:  ${failedRuns}; ${((Date.now() - began) / 60_000).toFixed(1)} min`,
  ].join("\n"),
);
process.exit(failedRuns === 0 && rows.length > 0 && rows.every((r) => r.ok) ? 0 : 1);
