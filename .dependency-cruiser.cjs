// The house's architecture rules (docs/architecture.md), checked by `pnpm lint` (scripts/lint-architecture.mjs runs
// dependency-cruiser with this file, then the SQL check). Each rule names what it keeps apart and why; a rule that
// fails prints the importing file, the imported one and the rule's name.
// TypeScript 7 ships no JavaScript compiler API, so the files are parsed with swc (options.parser below).
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "packages-never-import-services",
      comment: "A package is shared by both services: it knows neither of them. Move what both need into a package.",
      severity: "error",
      from: { path: "^packages/" },
      to: { path: "^services/" },
    },
    {
      name: "services-never-import-each-other",
      comment:
        "The comments and newsletter services share code only through packages (tests included): what both need lives in a package, once.",
      severity: "error",
      from: { path: "^services/([^/]+)/" },
      to: { path: "^services/", pathNot: "^services/$1/" },
    },
    {
      name: "routes-never-import-the-database-layer",
      comment:
        "A route file reads the request and calls a service: it gets services, never `db`. Queries live in *.repository.ts.",
      severity: "error",
      from: { path: "\\.routes\\.ts$" },
      to: {
        path: ["node_modules/kysely/", "^kysely$", "\\.repository\\.ts$", "/src/db/", "^packages/kit/src/store/"],
      },
    },
    {
      name: "no-cycles",
      comment: "A module never imports itself back, even through others: feature folders depend one way.",
      severity: "error",
      from: { path: "^(packages|services)/" },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: ["^(packages|services)/[^/]+/dist/", "\\.vitest/"] },
    tsPreCompilationDeps: true,
    parser: "swc",
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      mainFields: ["module", "main", "types"],
      extensions: [".ts", ".js", ".mjs", ".cjs", ".json"],
    },
  },
};
