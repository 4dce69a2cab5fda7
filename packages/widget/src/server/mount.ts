import { preferredEncoding } from "@parlor/kit/http";
import type { Context, Hono } from "hono";
import { type Asset, type Box, widgetBuild } from "./build.ts";

export interface MountOptions {
  /** The service's public prefix: the loader is `${prefix}/embed.js`, the files `${prefix}/assets/…`. */
  prefix: "/comments" | "/newsletter";
}

const SHORT = "public, max-age=300";
const FOREVER = "public, max-age=31536000, immutable";

function send(c: Context, a: Asset, cacheControl: string) {
  c.header("Cache-Control", cacheControl);
  c.header("ETag", a.etag);
  c.header("Vary", "Accept-Encoding");
  c.header("X-Content-Type-Options", "nosniff");
  // A blog on another origin may load the boxes from here.
  c.header("Cross-Origin-Resource-Policy", "cross-origin");
  const tags = c.req.header("if-none-match")?.split(/\s*,\s*/) ?? [];
  if (tags.includes(a.etag) || tags.includes("*")) return c.body(null, 304);
  c.header("Content-Type", a.type);
  const encoding = preferredEncoding(c.req.header("accept-encoding"));
  if (encoding) c.header("Content-Encoding", encoding);
  return c.body((encoding ? a[encoding] : a.body) as Uint8Array<ArrayBuffer>, 200);
}

/** A 503 problem when the esbuild build failed (it is tried again on the next request). */
export function unavailable(c: Context, e: unknown, what = "widget") {
  console.error(`${what}: the build failed: ${(e as Error).message}`);
  c.header("Retry-After", "30");
  const body = {
    type: "about:blank",
    title: "Service Unavailable",
    status: 503,
    detail: `The ${what} could not be built.`,
  };
  return c.body(JSON.stringify(body), 503, { "Content-Type": "application/problem+json" });
}

/**
 * Serves the reader's widget from a service: `${prefix}/embed.js`, the loader a page includes (5 minutes of
 * cache, ETag), and `${prefix}/assets/<name>.<hash>.js|css`, cached for a year. The bundles are built with
 * esbuild in memory on the first request and kept for the life of the process: there is no build step.
 *
 *   mountWidget(app, { prefix: "/comments" });
 *   // <div data-parlor-comments data-uri="/blog/post"></div><script src="/comments/embed.js" defer></script>
 */
// biome-ignore lint/suspicious/noExplicitAny: each service's app has its own variables; this adds routes only.
export function mountWidget(app: Hono<any>, options: MountOptions) {
  const box: Box = options.prefix === "/comments" ? "comments" : "newsletter";
  app.get(`${options.prefix}/embed.js`, async (c) => {
    try {
      return send(c, (await widgetBuild()).loaders[box], SHORT);
    } catch (e) {
      return unavailable(c, e);
    }
  });
  app.get(`${options.prefix}/assets/:file`, async (c) => {
    let found: Asset | undefined;
    try {
      found = (await widgetBuild()).assets.get(c.req.param("file"));
    } catch (e) {
      return unavailable(c, e);
    }
    return found ? send(c, found, FOREVER) : c.notFound();
  });
}
