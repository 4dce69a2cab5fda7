// The reader's side of the bench: what both boxes weigh on the wire, and how long a reader waits for the first
// comment list in Chromium (driven by playwright-core; Debian's /usr/bin/chromium, never a downloaded one).
import { existsSync } from "node:fs";
import { createServer, get, request } from "node:http";
import type { AddressInfo } from "node:net";
import { chromium } from "playwright-core";

const CHROMIUM = "/usr/bin/chromium";

/** Bytes on the wire of one GET with `Accept-Encoding: <encoding>` (fetch would decode them). */
export function wireBytes(url: string, encoding: "br" | "gzip"): Promise<{ bytes: number; body: string | null }> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { "accept-encoding": encoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const raw = Buffer.concat(chunks);
        if (res.statusCode !== 200) return reject(new Error(`GET ${url}: ${res.statusCode}`));
        if (res.headers["content-encoding"] !== encoding) return reject(new Error(`GET ${url}: not ${encoding}`));
        resolve({ bytes: raw.length, body: null });
      });
    }).on("error", reject);
  });
}

/**
 * Both loaders, the stylesheet and the boxes' bundle in one language (the loader names one per language in its
 * `L` map and a reader downloads one), in `encoding`: the language whose bundle weighs most, and English.
 */
export async function boxesBytes(commentsUrl: string, newsletterUrl: string, encoding: "br" | "gzip") {
  const loader = await (await fetch(`${commentsUrl}/comments/embed.js`)).text();
  const css = [...loader.matchAll(/u\("([\w.-]+\.css)"\)/g)].map((m) => m[1]);
  const map = /L=(\{[^}]*\})/.exec(loader)?.[1];
  if (css.length !== 1 || !map) throw new Error("the comments loader names no stylesheet or no bundles by language");
  const bundles = JSON.parse(map) as Record<string, string>;
  let shared = 0;
  for (const url of [
    `${commentsUrl}/comments/embed.js`,
    `${newsletterUrl}/newsletter/embed.js`,
    `${commentsUrl}/comments/assets/${css[0]}`,
  ])
    shared += (await wireBytes(url, encoding)).bytes;
  const byLocale: Record<string, number> = {};
  for (const [locale, file] of Object.entries(bundles)) {
    byLocale[locale] = shared + (await wireBytes(`${commentsUrl}/comments/assets/${file}`, encoding)).bytes;
  }
  const heaviest = Object.entries(byLocale).sort((a, b) => b[1] - a[1])[0];
  return { english: byLocale.en, heaviest: { locale: heaviest[0], bytes: heaviest[1] }, byLocale };
}

const article = (uri: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Bench article</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><article><h1>Sleep, salt and supplements</h1>
<p>${"A paragraph of the article the comments are under. ".repeat(40)}</p></article>
<section><h2>Comments</h2><div data-parlor-comments data-uri="${uri}"></div></section></main>
<script src="/comments/embed.js" defer></script></body></html>`;

/**
 * The blog's origin, as nginx makes it: `/bench/article` is the page, every other path goes to the comments
 * service (which sends no CORS headers: the boxes reach it on the page's own origin).
 */
function siteInFront(commentsUrl: string, html: string): Promise<{ url: string; close: () => Promise<void> }> {
  const upstream = new URL(commentsUrl);
  const server = createServer((req, res) => {
    if (req.url === "/bench/article") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html);
      return;
    }
    const forward = request(
      { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on("error", () => res.writeHead(502).end());
    req.pipe(forward);
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () => new Promise<void>((r) => server.close(() => r())),
      });
    }),
  );
}

/**
 * Navigation start to the box's `parlor:comments-rendered` mark (its first list in the DOM), in a fresh browser
 * context each time (nothing cached), the page and the service on one origin (siteInFront). With `latencyMs`, every
 * request the page makes (loader, bundle, stylesheet, API) waits that long, as for a reader far away. Median of `n`.
 */
export async function firstCommentList(commentsUrl: string, uri: string, latencies: number[], n = 5) {
  if (!existsSync(CHROMIUM)) return null;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
  });
  const site = await siteInFront(commentsUrl, article(uri));
  const out: { latencyMs: number; medianMs: number; runs: number[] }[] = [];
  try {
    for (const latencyMs of latencies) {
      const runs: number[] = [];
      for (let i = 0; i < n; i++) {
        const context = await browser.newContext();
        const page = await context.newPage();
        if (latencyMs > 0) {
          const cdp = await context.newCDPSession(page);
          await cdp.send("Network.enable");
          await cdp.send("Network.emulateNetworkConditions", {
            offline: false,
            latency: latencyMs,
            downloadThroughput: -1,
            uploadThroughput: -1,
          });
        }
        await page.goto(`${site.url}/bench/article`);
        await page.waitForFunction(() => performance.getEntriesByName("parlor:comments-rendered").length > 0, null, {
          timeout: 30_000,
        });
        runs.push(
          await page.evaluate(() => performance.getEntriesByName("parlor:comments-rendered")[0]?.startTime ?? -1),
        );
        await context.close();
      }
      const sorted = [...runs].sort((a, b) => a - b);
      out.push({ latencyMs, medianMs: sorted[Math.floor(n / 2)], runs });
    }
  } finally {
    await browser.close();
    await site.close();
  }
  return out;
}
