// The architecture rules of `pnpm lint` (docs/architecture.md): dependency-cruiser checks the imports against
// .dependency-cruiser.cjs (packages never import services, services never import each other, routes never import the
// database layer, no cycles), then this script checks what an import rule cannot see: SQL (kysely's query builders,
// its `sql` template and schema builder) runs only in a `*.repository.ts`, a migration or the kit's store. Tests,
// test helpers and benchmarks may query what they check. Exit 1 on any violation, naming the file and line.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

const root = new URL("..", import.meta.url).pathname;

const cruise = spawnSync(
  "pnpm",
  ["exec", "depcruise", "--config", ".dependency-cruiser.cjs", "--output-type", "err", "packages", "services"],
  { cwd: root, encoding: "utf8" },
);
process.stdout.write(cruise.stdout);
process.stderr.write(cruise.stderr);

// A query: kysely's builders on a database or transaction, its `sql` template or helpers, or its schema builder.
const SQL =
  /\.(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto)\(|\bsql(<[^>]*>)?`|\bsql\.(raw|ref|id|lit|table|join|val)\(|\.schema\s*\.\s*(create|alter|drop)/;
const allowed = (file) =>
  file.endsWith(".repository.ts") || file.includes("/migrations/") || file.startsWith("packages/kit/src/store/");
const skipped = (file) =>
  file.endsWith(".test.ts") || /(^|\/)(test|testing|bench|node_modules|dist)(\/|$)/.test(file) || !file.endsWith(".ts");

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "node_modules" && !entry.name.startsWith(".")) yield* files(path);
    } else yield relative(root, path);
  }
}

const found = [];
for (const top of ["packages", "services"]) {
  for (const file of files(join(root, top))) {
    if (skipped(file) || allowed(file)) continue;
    readFileSync(join(root, file), "utf8")
      .split("\n")
      .forEach((line, i) => {
        if (SQL.test(line) && !/^\s*(\/\/|\*)/.test(line)) found.push(`${file}:${i + 1}: ${line.trim()}`);
      });
  }
}
if (found.length > 0) {
  console.error(
    `error sql-only-in-repositories: ${found.length} line(s) run SQL outside a *.repository.ts, a migration or ` +
      "the kit's store (packages/kit/src/store/): move the query into the feature's repository\n" +
      found.map((f) => `  ${f}`).join("\n"),
  );
}
process.exit(cruise.status !== 0 || found.length > 0 ? 1 : 0);
