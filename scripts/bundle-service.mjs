// `pnpm --filter @parlor/<service> build`: bundles the service's src/main.ts and everything it imports (the
// workspace packages included) into dist/main.mjs, which plain `node` runs: one file to parse instead of
// hundreds to resolve and transpile through tsx, so the process answers its first request sooner.
// Native or runtime-loaded packages stay external and resolve from the service's node_modules.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const serviceDir = process.cwd();
const esbuild = createRequire(join(serviceDir, "package.json"))("esbuild");

// A source file that reads a file next to itself (import.meta.url) keeps reading it from its own folder.
const keepFileUrls = {
  name: "keep-import-meta-url",
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      if (args.path.includes("node_modules")) return undefined;
      const source = readFileSync(args.path, "utf8");
      if (!source.includes("import.meta.url")) return undefined;
      return {
        contents: source.replaceAll("import.meta.url", JSON.stringify(pathToFileURL(args.path).href)),
        loader: "ts",
      };
    });
  },
};

const started = performance.now();
await esbuild.build({
  entryPoints: [join(serviceDir, "src", "main.ts")],
  outfile: join(serviceDir, "dist", "main.mjs"),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: "linked",
  // better-sqlite3 is native; esbuild builds the widget at run time; pg-native is pg's optional binding.
  external: ["better-sqlite3", "esbuild", "pg-native"],
  // The CommonJS packages inside an ES module bundle still call require().
  banner: {
    js: 'import { createRequire as __parlorRequire } from "node:module"; const require = __parlorRequire(import.meta.url);',
  },
  plugins: [keepFileUrls],
  logLevel: "warning",
});
process.stdout.write(`bundled ${serviceDir}/dist/main.mjs in ${Math.round(performance.now() - started)} ms\n`);
