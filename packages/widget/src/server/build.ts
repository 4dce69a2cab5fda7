import { createHash } from "node:crypto";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { compress } from "@parlor/kit/http";
import * as esbuild from "esbuild";
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
  /** The files a reader's page loads (the boxes' bundle and stylesheet), by name. */
  reader: string[];
  /** The moderators' console of both services: its own bundle and stylesheet, never loaded by a reader's page. */
  console: { script: string; style: string };
}

// The reader's boxes and the moderators' console are separate entry points of one build: a blog page never
// downloads the console, and the boxes' weight is what it was.
const SOURCES = {
  parlor: "../browser/widget.ts",
  "parlor-style": "../browser/widget.css",
  console: "../console/console.ts",
  "console-style": "../console/console.css",
};
const READER_FILES = new Set(["parlor.js", "parlor-style.css"]);

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

function loaderSource(box: Box, css: string, bundle: string) {
  return `(function(w,d){var P=w.parlorWidget=w.parlorWidget||{boxes:[]};P.boxes.push(${JSON.stringify(box)});if(P.mount)return P.mount(${JSON.stringify(box)});var s=d.currentScript,b=s&&s.src||location.href,n=s&&s.nonce;function u(p){return new URL("assets/"+p,b).href}function add(t,a,f){if(d.querySelector(t+"["+a+"]"))return;var e=d.createElement(t);e.setAttribute(a,"");if(n)e.nonce=n;f(e);d.head.appendChild(e)}add("link","data-parlor-css",function(e){e.rel="stylesheet";e.href=u(${JSON.stringify(css)})});add("script","data-parlor-bundle",function(e){e.src=u(${JSON.stringify(bundle)});e.async=true})${box === "comments" ? EARLY_THREAD : ""}})(window,document);\n`;
}

/**
 * Bundles the browser code and the stylesheet with esbuild, in memory (nothing is written to disk), names each
 * output after the hash of its bytes, and writes the loaders that point at them.
 */
export async function buildWidget(): Promise<WidgetBuild> {
  const entryPoints = Object.fromEntries(
    Object.entries(SOURCES).map(([name, path]) => [name, fileURLToPath(new URL(path, import.meta.url))]),
  );
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
  });
  // The esbuild service is a child process; the service does not need it once the bundles are in memory.
  await esbuild.stop();
  const assets = new Map<string, Asset>();
  const names: Record<string, string> = {};
  const reader: string[] = [];
  for (const file of result.outputFiles) {
    const base = file.path.slice(file.path.lastIndexOf("/") + 1);
    const dot = base.lastIndexOf(".");
    const ext = base.slice(dot + 1);
    const hash = createHash("sha256").update(file.contents).digest("hex");
    const name = `${base.slice(0, dot)}.${hash.slice(0, 12)}.${ext}`;
    const type = ext === "css" ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
    assets.set(name, asset(name, type, file.contents, hash));
    names[base] = name;
    if (READER_FILES.has(base)) reader.push(name);
  }
  const loader = (box: Box) =>
    asset(
      "embed.js",
      "text/javascript; charset=utf-8",
      Buffer.from(loaderSource(box, names["parlor-style.css"], names["parlor.js"])),
    );
  return {
    assets,
    reader,
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

/** The files a reader's page loads: the boxes' bundle and stylesheet (not the console's). */
export function readerAssets(build: WidgetBuild): Asset[] {
  return build.reader.map((name) => build.assets.get(name) as Asset);
}

/** What a page with both boxes downloads, gzipped: both loaders, the bundle and the stylesheet. */
export function gzippedSize(build: WidgetBuild) {
  return downloadSize(build, "gzip");
}

/** The same with brotli, which browsers ask for over HTTPS. */
export function brotliSize(build: WidgetBuild) {
  return downloadSize(build, "br");
}

function downloadSize(build: WidgetBuild, encoding: "gzip" | "br") {
  let bytes = build.loaders.comments[encoding].length + build.loaders.newsletter[encoding].length;
  for (const a of readerAssets(build)) bytes += a[encoding].length;
  return bytes;
}
