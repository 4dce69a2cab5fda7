// `pnpm dupes [--list] [--max-between N]`: the copy detector jscpd over the production code of services/ and
// packages/ (tests, test helpers and migrations excluded: a frozen migration is meant to repeat the shape it
// froze). It counts clones of 50 tokens or more, exact or renamed (the same code with other names), and prints
// how many pair the two services with each other: what the "One house" work keeps at 3 or fewer. `--list`
// prints every pair; `--max-between N` exits 1 past N pairs between the services.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: { list: { type: "boolean", default: false }, "max-between": { type: "string" } },
});
const root = new URL("..", import.meta.url).pathname;
const out = mkdtempSync(join(tmpdir(), "parlor-dupes-"));
const ignore = ["**/node_modules/**", "**/dist/**", "**/*.test.ts", "**/test/**", "**/migrations/**"];
const run = spawnSync(
  "pnpm",
  [
    "exec",
    "jscpd",
    "--min-tokens",
    "50",
    "--ignore-identifiers",
    "--ignore",
    ignore.join(","),
    "--reporters",
    "json,silent",
    "--output",
    out,
    "services",
    "packages",
  ],
  { cwd: root, encoding: "utf8" },
);
if (run.status !== 0) {
  process.stderr.write(run.stdout + run.stderr);
  process.exit(run.status ?? 1);
}
const report = JSON.parse(readFileSync(join(out, "jscpd-report.json"), "utf8"));
rmSync(out, { recursive: true, force: true });

// jscpd names files relative to the folder it was given (`comments/src/app.ts`, `kit/src/…`).
const place = (f) => `${f.name}:${f.start}-${f.end}`;
const side = (f) =>
  f.name.startsWith("comments/") ? "comments" : f.name.startsWith("newsletter/") ? "newsletter" : "";
const pairs = report.duplicates.map((d) => ({
  between: new Set([side(d.firstFile), side(d.secondFile)]).size === 2 && side(d.firstFile) && side(d.secondFile),
  line: `${d.kind.padEnd(7)} ${String(d.lines).padStart(3)} lines  ${place(d.firstFile)} ~ ${place(d.secondFile)}`,
}));
const between = pairs.filter((p) => p.between);
for (const p of values.list ? pairs : between) console.log(p.line);
console.log(
  `dupes: ${pairs.length} repeated pairs (jscpd, 50+ tokens, exact or renamed; tests and migrations excluded), ${between.length} between the two services`,
);
const max = values["max-between"];
if (max !== undefined && between.length > Number(max)) {
  console.error(`dupes: more than ${max} pairs between the services`);
  process.exit(1);
}
