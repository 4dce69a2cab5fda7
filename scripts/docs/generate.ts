// `pnpm run docs`: rewrites every generated part of the docs (a bare `pnpm docs` is pnpm's own command). A
// generated part sits between two marker lines,
//   <!-- BEGIN generated:NAME (pnpm run docs) -->
//   <!-- END generated:NAME -->
// and everything around them is written by hand. `tests/src/docs.test.ts` fails when a part is stale.
// `pnpm run docs --check` only says which parts are stale (exit 1), writing nothing.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { renderConfiguration } from "./configuration.ts";
import { renderMailCatalogue } from "./mail-catalogue.ts";

export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

/** Every generated part: the file it lives in (from the repository root), its name, and how it is made. */
export const generated = [
  { file: "docs/configuration.md", name: "settings", render: renderConfiguration },
  { file: "docs/mail-catalogue.md", name: "catalogue", render: renderMailCatalogue },
];

const begin = (name: string) => `<!-- BEGIN generated:${name} (pnpm run docs) -->`;
const end = (name: string) => `<!-- END generated:${name} -->`;

/** The file's text with the part rendered afresh; throws when the file lacks the part's markers. */
export function refreshed(text: string, part: (typeof generated)[number]): string {
  const from = text.indexOf(begin(part.name));
  const to = text.indexOf(end(part.name));
  if (from < 0 || to < from) {
    throw new Error(`${part.file} has no "${begin(part.name)}" … "${end(part.name)}" block`);
  }
  return `${text.slice(0, from)}${begin(part.name)}\n${part.render()}\n${text.slice(to)}`;
}

/** The parts whose file differs from what the code makes now. */
export function staleParts(): string[] {
  return generated
    .filter((part) => {
      const text = readFileSync(repoRoot + part.file, "utf8");
      return refreshed(text, part) !== text;
    })
    .map((part) => `${part.file} (${part.name})`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes("--check")) {
    const stale = staleParts();
    for (const s of stale) console.log(`stale: ${s}`);
    process.exit(stale.length ? 1 : 0);
  }
  for (const part of generated) {
    const path = repoRoot + part.file;
    const text = readFileSync(path, "utf8");
    const next = refreshed(text, part);
    if (next !== text) writeFileSync(path, next);
    console.log(`${next === text ? "unchanged" : "written"}: ${part.file} (${part.name})`);
  }
}
