import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { preferredEncoding } from "@parlor/kit/http";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { CATALOGUES } from "../strings/index.ts";
import { brotliSize, gzippedSize, readerAssets, widgetBuild } from "./build.ts";
import { mountWidget } from "./mount.ts";

const BUDGET = 20 * 1024;
// Every language, German, French and Arabic running longer than English.
const BROTLI_BUDGET = 16 * 1024;
const LOCALES = Object.keys(CATALOGUES);

function app() {
  const a = new Hono();
  mountWidget(a, { prefix: "/comments" });
  mountWidget(a, { prefix: "/newsletter" });
  return a;
}

/** The hashed file names a loader points at. */
function assetsNamedIn(loader: string) {
  return [...loader.matchAll(/"([\w-]+\.[0-9a-f]{12}\.(?:js|css))"/g)].map((m) => m[1]);
}

describe("the widget, served by a service", () => {
  it("keeps both boxes, their loaders and the stylesheet under 20 KB gzipped, in each language", async () => {
    const build = await widgetBuild();
    for (const locale of LOCALES) {
      const size = gzippedSize(build, locale);
      const files = readerAssets(build, locale).map((a) => `${a.name} ${a.body.length} B, ${a.gzip.length} B gzipped`);
      console.log(
        `widget [${locale}]: ${(size / 1024).toFixed(1)} KB gzipped in all (${files.join("; ")}; loaders included)`,
      );
      expect(size, locale).toBeLessThan(BUDGET);
    }
  });

  it("keeps both boxes, their loaders and the stylesheet within 16 KB with brotli, in each language", async () => {
    const build = await widgetBuild();
    for (const locale of LOCALES) {
      const size = brotliSize(build, locale);
      console.log(`widget [${locale}]: ${(size / 1024).toFixed(1)} KB with brotli in all (loaders included)`);
      expect(size, locale).toBeLessThanOrEqual(BROTLI_BUDGET);
    }
  });

  it("serves a short-cached loader with an ETag, and a 304 for a matching If-None-Match", async () => {
    const res = await app().request("/comments/embed.js");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("public, max-age=300");
    const etag = res.headers.get("etag");
    expect(etag).toMatch(/^"[0-9a-f]{16}"$/);
    const again = await app().request("/comments/embed.js", { headers: { "if-none-match": String(etag) } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    expect(again.headers.get("etag")).toBe(etag);
  });

  it("names content-hashed files in the loader and serves them cached for a year", async () => {
    const loader = await (await app().request("/comments/embed.js")).text();
    const names = assetsNamedIn(loader);
    expect(names).toHaveLength(1 + LOCALES.length); // the stylesheet and the bundle in each language
    for (const name of names) {
      const res = await app().request(`/comments/assets/${name}`);
      expect(res.status, name).toBe(200);
      expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      expect(res.headers.get("content-type")).toMatch(name.endsWith(".css") ? /^text\/css/ : /^text\/javascript/);
      const body = Buffer.from(await res.arrayBuffer());
      const { createHash } = await import("node:crypto");
      expect(name).toContain(`.${createHash("sha256").update(body).digest("hex").slice(0, 12)}.`);
    }
  });

  it("gzips for clients that take it", async () => {
    const name = assetsNamedIn(await (await app().request("/comments/embed.js")).text())[0];
    const plain = Buffer.from(await (await app().request(`/comments/assets/${name}`)).arrayBuffer());
    const res = await app().request(`/comments/assets/${name}`, { headers: { "accept-encoding": "gzip, deflate" } });
    expect(res.headers.get("content-encoding")).toBe("gzip");
    expect(res.headers.get("vary")).toBe("Accept-Encoding");
    expect(gunzipSync(Buffer.from(await res.arrayBuffer())).equals(plain)).toBe(true);
  });

  it("sends brotli to clients that take it, gzip to those that refuse it", async () => {
    const name = assetsNamedIn(await (await app().request("/comments/embed.js")).text())[0];
    const plain = Buffer.from(await (await app().request(`/comments/assets/${name}`)).arrayBuffer());
    const res = await app().request(`/comments/assets/${name}`, {
      headers: { "accept-encoding": "gzip, deflate, br" },
    });
    expect(res.headers.get("content-encoding")).toBe("br");
    expect(res.headers.get("vary")).toBe("Accept-Encoding");
    expect(brotliDecompressSync(Buffer.from(await res.arrayBuffer())).equals(plain)).toBe(true);
    expect(preferredEncoding("br;q=0, gzip")).toBe("gzip");
    expect(preferredEncoding("identity")).toBeNull();
    const none = await app().request(`/comments/assets/${name}`, { headers: { "accept-encoding": "br;q=0" } });
    expect(none.headers.get("content-encoding")).toBeNull();
    expect(Buffer.from(await none.arrayBuffer()).equals(plain)).toBe(true);
  });

  it("gives each service a loader for its own box, sharing one bundle", async () => {
    const comments = await (await app().request("/comments/embed.js")).text();
    const newsletter = await (await app().request("/newsletter/embed.js")).text();
    expect(comments).toContain('"comments"');
    expect(newsletter).toContain('"newsletter"');
    expect(assetsNamedIn(newsletter)).toEqual(assetsNamedIn(comments));
    expect((await app().request(`/newsletter/assets/${assetsNamedIn(newsletter)[0]}`)).status).toBe(200);
  });

  it("answers 404 for a file it does not have", async () => {
    for (const path of [
      "/comments/assets/parlor.000000000000.js",
      "/comments/assets/..%2fbuild.ts",
      "/comments/x.js",
    ]) {
      expect((await app().request(path)).status, path).toBe(404);
    }
  });
});
