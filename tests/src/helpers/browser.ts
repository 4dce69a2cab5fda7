import { existsSync } from "node:fs";
import { request } from "node:http";
import { type BrowserContext, chromium } from "playwright-core";
import { asModerator } from "./http.ts";

export const CHROMIUM = "/usr/bin/chromium";
export const ARTICLE = "/blog/neuroplasticity-and-psychedelics";

/** Skip without chromium on a developer's machine; under CI=true a missing chromium fails the run instead. */
export const noBrowser = !existsSync(CHROMIUM) && process.env.CI !== "true";

/** Debian's chromium, headless, with nothing that phones home. */
export function launchChromium() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

/**
 * Serves the real demo article (its HTML, headers and CSP as the gateway sends them) with the boxes pointed at
 * thread `uri`, so each test has a thread of its own on the real page. Returns the page's URL.
 */
export async function articleWithThread(context: BrowserContext, gatewayUrl: string, uri: string) {
  await context.route(`${gatewayUrl}${ARTICLE}*`, async (route) => {
    const response = await route.fetch();
    const html = (await response.text())
      .replace(`data-uri="${ARTICLE}"`, `data-uri="${uri}"`)
      .replace(`name="uri" value="${ARTICLE}"`, `name="uri" value="${uri}"`);
    await route.fulfill({ response, body: html });
  });
  return `${gatewayUrl}${ARTICLE}`;
}

export interface Posted {
  comment: { id: string; status: string };
  editToken: string;
  editableUntil: string;
  notice?: { text: string };
}

/** Posts a comment as a JSON client would. */
export async function postComment(
  base: string,
  input: { uri: string; name: string; body: string; parentId?: string; website?: string },
): Promise<Posted> {
  const res = await fetch(`${base}/v1/comments`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({
      uri: input.uri,
      parentId: input.parentId,
      author: { name: input.name, website: input.website },
      body: input.body,
    }),
  });
  if (res.status !== 201) throw new Error(`POST comment: ${res.status} ${await res.text()}`);
  return (await res.json()) as Posted;
}

/** Approves comments by id through the admin API. */
export async function approve(base: string, ...ids: string[]) {
  for (const id of ids) {
    const res = await asModerator(`${base}/v1/admin/comments/${id}/approve`, { method: "POST" });
    if (res.status !== 200) throw new Error(`approve ${id}: ${res.status} ${await res.text()}`);
  }
}

/** Posts and approves comments in order; returns their ids. */
export async function seed(base: string, uri: string, comments: { name: string; body: string; parentId?: string }[]) {
  const ids: string[] = [];
  for (const c of comments) {
    const { comment } = await postComment(base, { uri, ...c });
    await approve(base, comment.id);
    ids.push(comment.id);
  }
  return ids;
}

/** The raw bytes of an answer, asking for gzip (node:http does not decode it, unlike fetch). */
export function gzippedBytes(url: string): Promise<{ status: number; encoding?: string; bytes: number }> {
  return new Promise((resolve, reject) => {
    request(url, { headers: { "accept-encoding": "gzip" } }, (res) => {
      let bytes = 0;
      res.on("data", (chunk: Buffer) => {
        bytes += chunk.length;
      });
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, encoding: res.headers["content-encoding"] as string, bytes }),
      );
      res.on("error", reject);
    })
      .on("error", reject)
      .end();
  });
}
