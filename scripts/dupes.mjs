// `pnpm dupes [--list] [--max-between N]`: the copy detector jscpd over the production code of services/ and
// packages/ (tests, test helpers and migrations excluded: a frozen migration is meant to repeat the shape it
// froze). It counts clones of 50 tokens or more twice: exact (the house recipe in shared/outside-checks.md) and
// exact or renamed (the same code with other names: stricter, and it also pairs any two long lists of the same
// shape), and prints how many pair the two services with each other: what the "One house" work keeps at 3 or
// fewer. `--list` prints every pair; `--max-between N` exits 1 past N exact pairs between the services.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: { list: { type: "boolean", default: false }, "max-between": { type: "string" } },
});
const root = new URL("..", import.meta.url).pathname;
const ignore = ["**/node_modules/**", "**/dist/**", "**/*.test.ts", "**/test/**", "**/migrations/**"];

function detect(renamed) {
  const out = mkdtempSync(join(tmpdir(), "parlor-dupes-"));
  const args = ["exec", "jscpd", "--min-tokens", "50", ...(renamed ? ["--ignore-identifiers"] : [])];
  args.push("--ignore", ignore.join(","), "--reporters", "json,silent", "--output", out, "services", "packages");
  const run = spawnSync("pnpm", args, { cwd: root, encoding: "utf8" });
  if (run.status !== 0) {
    process.stderr.write(run.stdout + run.stderr);
    process.exit(run.status ?? 1);
  }
  const report = JSON.parse(readFileSync(join(out, "jscpd-report.json"), "utf8"));
  rmSync(out, { recursive: true, force: true });
  return report.duplicates;
}

// jscpd names files relative to the folder it was given (`comments/src/app.ts`, `kit/src/…`).
const place = (f) => `${f.name}:${f.start}-${f.end}`;
const side = (f) =>
  f.name.startsWith("comments/") ? "comments" : f.name.startsWith("newsletter/") ? "newsletter" : "";
const pairsOf = (duplicates) =>
  duplicates.map((d) => ({
    between: new Set([side(d.firstFile), side(d.secondFile)]).size === 2 && side(d.firstFile) && side(d.secondFile),
    line: `${d.kind.padEnd(7)} ${String(d.lines).padStart(3)} lines  ${place(d.firstFile)} ~ ${place(d.secondFile)}`,
  }));
const exact = pairsOf(detect(false));
const renamed = pairsOf(detect(true));
const betweenExact = exact.filter((p) => p.between);
const betweenRenamed = renamed.filter((p) => p.between);
for (const p of values.list ? renamed : betweenRenamed) console.log(p.line);
console.log(
  `dupes (jscpd, 50+ tokens; tests and migrations excluded): exact ${exact.length} repeated pairs, ${betweenExact.length} between the two services; exact or renamed ${renamed.length}, ${betweenRenamed.length} between`,
);
const max = values["max-between"];
if (max !== undefined && betweenExact.length > Number(max)) {
  console.error(`dupes: more than ${max} pairs between the services`);
  process.exit(1);
}
