// `pnpm --filter @parlor/<service> build`: bundles the service's src/main.ts and everything it imports (the
// workspace packages included) into dist/main.mjs, which plain `node` runs: one file to parse instead of
// hundreds to resolve and transpile through tsx, so the process answers its first request sooner.
// Native or runtime-loaded packages stay external and resolve from the service's node_modules.
//
// `--out DIR` makes a standalone copy instead: DIR/main.mjs plus, under DIR/node_modules, everything the bundle
// still reads at run time (the external packages with their dependencies, and the workspace packages whose code
// reads files next to itself, such as the widget's sources, which it bundles for browsers on first request), all
// readable by every user. A service started from DIR needs nothing from the checkout: the tests run it that way
// as an unprivileged user, who may not be able to enter the folder the checkout is in.
import { chmodSync, cpSync, existsSync, lstatSync, readdirSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

const serviceDir = process.cwd();
const repoRoot = resolve(import.meta.dirname, "..");
const { values: args } = parseArgs({ options: { out: { type: "string" } } });
const outDir = args.out ? resolve(args.out) : null;
const esbuild = createRequire(join(serviceDir, "package.json"))("esbuild");
// better-sqlite3 is native; esbuild builds the widget at run time; pg-native is pg's optional binding.
const EXTERNAL = ["better-sqlite3", "esbuild", "pg-native"];
// Needed to install a package, never to run it.
const INSTALL_ONLY = new Set(["prebuild-install"]);

/** Where a source file that reads files next to itself is found at run time. */
function runtimeUrl(file) {
  if (!outDir) return pathToFileURL(file).href; // dist/main.mjs runs inside the checkout: read them there
  return pathToFileURL(join(outDir, mirrorPath(file))).href;
}

/** A workspace file's place in the standalone copy: packages under node_modules/@parlor, the service at the top. */
function mirrorPath(file) {
  const inRepo = relative(repoRoot, file).split(sep);
  if (inRepo[0] === "packages") return join("node_modules", "@parlor", ...inRepo.slice(1));
  return relative(serviceDir, file);
}

const readsNextToItself = new Set(); // workspace package folders the copy must carry
const keepFileUrls = {
  name: "keep-import-meta-url",
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      if (args.path.includes("node_modules")) return undefined;
      const source = readFileSync(args.path, "utf8");
      if (!source.includes("import.meta.url")) return undefined;
      readsNextToItself.add(packageDirOf(args.path));
      return { contents: source.replaceAll("import.meta.url", JSON.stringify(runtimeUrl(args.path))), loader: "ts" };
    });
  },
};

function packageDirOf(file) {
  let dir = dirname(file);
  while (!existsSync(join(dir, "package.json"))) dir = dirname(dir);
  return dir;
}

const started = performance.now();
await esbuild.build({
  entryPoints: [join(serviceDir, "src", "main.ts")],
  outfile: join(outDir ?? join(serviceDir, "dist"), "main.mjs"),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: "linked",
  external: EXTERNAL,
  // The CommonJS packages inside an ES module bundle still call require().
  banner: {
    js: 'import { createRequire as __parlorRequire } from "node:module"; const require = __parlorRequire(import.meta.url);',
  },
  plugins: [keepFileUrls],
  logLevel: "warning",
});
if (outDir) copyRuntimeFiles(outDir);
const where = outDir ? `${outDir}/main.mjs (standalone)` : `${serviceDir}/dist/main.mjs`;
process.stdout.write(`bundled ${where} in ${Math.round(performance.now() - started)} ms\n`);

function copyRuntimeFiles(out) {
  const copied = new Set();
  /** A package and, recursively, what it depends on, resolved from `fromDir` as Node would. */
  const copyPackage = (name, fromDir) => {
    if (copied.has(name) || INSTALL_ONLY.has(name)) return;
    const dir = installedPackage(name, fromDir);
    if (!dir) return; // an optional dependency that is not installed (another platform's esbuild, pg-native)
    copied.add(name);
    const workspace = dir.startsWith(repoRoot) && !dir.includes(`${sep}node_modules${sep}`);
    const target = workspace ? join(out, mirrorPath(dir)) : join(out, "node_modules", name);
    cpSync(dir, target, {
      recursive: true,
      dereference: true,
      filter: (src) => !(workspace && /[/\\](node_modules|test|\.vitest)$/.test(src)),
    });
    const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    const deps = { ...manifest.dependencies, ...manifest.optionalDependencies };
    for (const dep of Object.keys(deps)) copyPackage(dep, dir);
  };
  rmSync(join(out, "node_modules"), { recursive: true, force: true });
  for (const name of EXTERNAL) copyPackage(name, serviceDir);
  for (const dir of readsNextToItself) {
    if (dir === serviceDir) cpSync(join(dir, "src"), join(out, "src"), { recursive: true, dereference: true });
    else copyPackage(JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).name, serviceDir);
  }
  readableByAll(out);
}

/** The folder of package `name` as Node finds it from `fromDir` (the nearest node_modules holding it), or null. */
function installedPackage(name, fromDir) {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", name);
    if (existsSync(join(candidate, "package.json"))) return realpathSync(candidate);
    if (dirname(dir) === dir) return null;
  }
}

/** Folders 755, files 644 (755 when executable): the copy is for any user to run, never to change. */
function readableByAll(path) {
  const stat = lstatSync(path);
  if (stat.isSymbolicLink()) return;
  if (stat.isDirectory()) {
    chmodSync(path, 0o755);
    for (const entry of readdirSync(path)) readableByAll(join(path, entry));
  } else {
    chmodSync(path, stat.mode & 0o111 ? 0o755 : 0o644);
  }
}
