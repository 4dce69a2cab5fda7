import { createHash } from "node:crypto";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { compress } from "@parlor/kit/http";
import * as esbuild from "esbuild";
import { CATALOGUES, DEFAULT_LOCALE } from "../strings/index.ts";
import { THREAD_PAGE_SIZE } from "../thread-page.ts";

/** The two boxes, each with its own loader (`/comments/embed.js`, `/newsletter/embed.js`); one bundle has both. */
export type Box = "comments" | "newsletter";

export interface Asset {
  /** The file name served, with the content hash for bundles (`comments.3f2a9c1b7d0e.js`). */
  name: string;
  type: string;
  body: Uint8Array;
  gzip: Uint8Array;
  /** Brotli at its best quality: smaller than gzip by a tenth or more, compressed once per build. */
  br: Uint8Array;
  etag: string;
}

export interface WidgetBuild {
  /** Content-hashed bundles and the stylesheet, by file name. */
  assets: Map<string, Asset>;
  /** The small loader script of each box, which names the hashed files. */
  loaders: Record<Box, Asset>;
  /** The files a reader's page may load (the stylesheet and the boxes' bundle in each language), by name. */
  reader: string[];
  /** The boxes' bundle in each shipped locale (`parlor.<hash>.js`, its catalogue built in), by locale. */
  locales: Record<string, string>;
  /** The moderators' console of both services: its own bundle and stylesheet, never loaded by a reader's page. */
  console: { script: string; style: string };
}

// The reader's boxes and the moderators' console are separate entry points of one build: a blog page never
// downloads the console, and the boxes' weight is what it was. The boxes' bundle is built once per shipped
// locale with that catalogue inside (`locale-es`, below): a reader downloads one language, in one file.
const SOURCES = {
  "parlor-style": "../browser/widget.css",
  console: "../console/console.ts",
  "console-style": "../console/console.css",
};
const READER_FILES = new Set(["parlor-style.css"]);
const WIDGET = fileURLToPath(new URL("../browser/widget.ts", import.meta.url));
const STRINGS = fileURLToPath(new URL("../strings/", import.meta.url));

/** `locale:es` is the boxes' bundle entry for Spanish: the widget started with the Spanish catalogue. */
const localeEntries: esbuild.Plugin = {
  name: "parlor-locales",
  setup(build) {
    build.onResolve({ filter: /^locale:/ }, (args) => ({ path: args.path.slice(7), namespace: "locale" }));
    build.onLoad({ filter: /.*/, namespace: "locale" }, (args) => ({
      contents: `import { ${args.path} as c } from ${JSON.stringify(`${STRINGS}${args.path}.ts`)};\nimport { start } from ${JSON.stringify(WIDGET)};\nstart(c);\n`,
      resolveDir: STRINGS,
      loader: "ts",
    }));
  },
};

function asset(name: string, type: string, body: Uint8Array, hash = createHash("sha256").update(body).digest("hex")) {
  const br = compress(body, "br", 11);
  return { name, type, body, gzip: gzipSync(body, { level: 9 }), br, etag: `"${hash.slice(0, 16)}"` };
}

/**
 * The loader a page includes. It names its box in `window.parlorWidget.boxes` (or mounts it at once when the
 * bundle already runs), and adds the stylesheet and the bundle unless another loader on the page already has,
 * both next to itself (`assets/…` relative to its own URL, so any origin or prefix works), handing on the
 * page's CSP nonce.
 */
// The comments loader starts each box's first thread page while the bundle downloads (the same URL the box asks
// for, threadPageUrl), so the list does not wait for the bundle and then the API one after the other.
const EARLY_THREAD = `;var E=P.early=P.early||{};d.querySelectorAll("[data-parlor-comments]").forEach(function(r){if(r.hasAttribute("data-parlor-mounted"))return;var a=(r.dataset.api||"").replace(/\\/+$/,""),k=a+"/v1/comments?"+new URLSearchParams({uri:r.dataset.uri||location.pathname,sort:r.dataset.sort==="newest"?"newest":"oldest",limit:String(${THREAD_PAGE_SIZE})});if(!E[k])E[k]=fetch(k,{headers:{Accept:"application/json"},credentials:"omit"}).catch(function(){})})`;

// The page's language picks the bundle: data-locale, then lang, of the loader's script, then of the first box,
// then of <html>; then the browser's languages (what it sends as Accept-Language); then English. A tag matches
// whole (`pt-br`) or by its language (`pt`).
const PICK_LOCALE = `l="${DEFAULT_LOCALE}",c=[];[s,d.querySelector("[data-parlor-comments],[data-parlor-newsletter]"),d.documentElement].forEach(function(e){e&&c.push(e.dataset.locale,e.lang)});c.concat(navigator.languages).some(function(t){t=(t||"").toLowerCase();return L[t]&&(l=t)||L[t=t.split("-")[0]]&&(l=t)});`;

function loaderSource(box: Box, css: string, bundles: Record<string, string>) {
  return `(function(w,d){var P=w.parlorWidget=w.parlorWidget||{boxes:[]};P.boxes.push(${JSON.stringify(box)});if(P.mount)return P.mount(${JSON.stringify(box)});var s=d.currentScript,b=s&&s.src||location.href,n=s&&s.nonce,L=${JSON.stringify(bundles)},${PICK_LOCALE}function u(p){return new URL("assets/"+p,b).href}function add(t,a,f){if(d.querySelector(t+"["+a+"]"))return;var e=d.createElement(t);e.setAttribute(a,"");if(n)e.nonce=n;f(e);d.head.appendChild(e)}add("link","data-parlor-css",function(e){e.rel="stylesheet";e.href=u(${JSON.stringify(css)})});add("script","data-parlor-bundle",function(e){e.src=u(L[l]);e.async=true})${box === "comments" ? EARLY_THREAD : ""}})(window,document);\n`;
}

/**
 * Bundles the browser code and the stylesheet with esbuild, in memory (nothing is written to disk), names each
 * output after the hash of its bytes, and writes the loaders that point at them.
 */
export async function buildWidget(): Promise<WidgetBuild> {
  const entryPoints = Object.fromEntries(
    Object.entries(SOURCES).map(([name, path]) => [name, fileURLToPath(new URL(path, import.meta.url))]),
  );
  for (const locale of Object.keys(CATALOGUES)) entryPoints[`locale-${locale}`] = `locale:${locale}`;
  const result = await esbuild.build({
    entryPoints,
    bundle: true,
    write: false,
    minify: true,
    format: "iife",
    target: ["es2022", "chrome100", "firefox100", "safari16"],
    outdir: "/parlor-widget", // a name for the outputs only: write is false
    legalComments: "none",
    charset: "utf8",
    logLevel: "silent",
    plugins: [localeEntries],
  });
  // The esbuild service is a child process; the service does not need it once the bundles are in memory.
  await esbuild.stop();
  const assets = new Map<string, Asset>();
  const names: Record<string, string> = {};
  const reader: string[] = [];
  const locales: Record<string, string> = {};
  for (const file of result.outputFiles) {
    const base = file.path.slice(file.path.lastIndexOf("/") + 1);
    const dot = base.lastIndexOf(".");
    const ext = base.slice(dot + 1);
    const hash = createHash("sha256").update(file.contents).digest("hex");
    const locale = base.startsWith("locale-") ? base.slice(7, dot) : null;
    const name = `${locale ? "parlor" : base.slice(0, dot)}.${hash.slice(0, 12)}.${ext}`;
    const type = ext === "css" ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
    assets.set(name, asset(name, type, file.contents, hash));
    names[base] = name;
    if (READER_FILES.has(base) || locale) reader.push(name);
    if (locale) locales[locale] = name;
  }
  const loader = (box: Box) =>
    asset(
      "embed.js",
      "text/javascript; charset=utf-8",
      Buffer.from(loaderSource(box, names["parlor-style.css"], locales)),
    );
  return {
    assets,
    reader,
    locales,
    loaders: { comments: loader("comments"), newsletter: loader("newsletter") },
    console: { script: names["console.js"], style: names["console-style.css"] },
  };
}

let cached: Promise<WidgetBuild> | null = null;

/** buildWidget() once per process; a failed build is tried again on the next call. */
export function widgetBuild(): Promise<WidgetBuild> {
  cached ??= buildWidget().catch((e) => {
    cached = null;
    throw e;
  });
  return cached;
}

/** The files a reader of `locale` loads: the boxes' bundle in that language and the stylesheet (not the console's). */
export function readerAssets(build: WidgetBuild, locale = DEFAULT_LOCALE): Asset[] {
  const bundle = build.locales[locale] ?? build.locales[DEFAULT_LOCALE];
  return [bundle, ...build.reader.filter((name) => name.endsWith(".css"))].map((n) => build.assets.get(n) as Asset);
}

/** What a page with both boxes downloads, gzipped: both loaders, the bundle in one language and the stylesheet. */
export function gzippedSize(build: WidgetBuild, locale = DEFAULT_LOCALE) {
  return downloadSize(build, "gzip", locale);
}

/** The same with brotli, which browsers ask for over HTTPS. */
export function brotliSize(build: WidgetBuild, locale = DEFAULT_LOCALE) {
  return downloadSize(build, "br", locale);
}

function downloadSize(build: WidgetBuild, encoding: "gzip" | "br", locale: string) {
  let bytes = build.loaders.comments[encoding].length + build.loaders.newsletter[encoding].length;
  for (const a of readerAssets(build, locale)) bytes += a[encoding].length;
  return bytes;
}
