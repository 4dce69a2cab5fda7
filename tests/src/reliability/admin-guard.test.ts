import { recordReliability, reliabilitySize } from "@parlor/kit/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_TOKEN, removeTempDirs, tempDir } from "../helpers/env.ts";
import { httpRequest } from "../helpers/http.ts";
import type { StartedProcess } from "../helpers/process.ts";
import { startComments, startNewsletter } from "../helpers/servers.ts";

// Every spelling of an admin path, every method and every wrong credential, sent raw over the socket (fetch would
// tidy the path): the answer is 401 with WWW-Authenticate, never a 2xx, a redirect, a 403 or a 404.

let comments: StartedProcess;
let newsletter: StartedProcess;
beforeAll(async () => {
  [comments, newsletter] = await Promise.all([
    startComments(await tempDir("guard-c"), { COMMENTS_LOG_LEVEL: "warn" }),
    startNewsletter(await tempDir("guard-n"), { NEWSLETTER_LOG_LEVEL: "warn" }),
  ]);
});
afterAll(async () => {
  await Promise.all([comments?.stop(), newsletter?.stop()]);
  await removeTempDirs();
});

/** Spellings of one admin path (`/v1/admin/<rest>`) a proxy or router might resolve to it. */
function spellings(rest: string, publicPrefix: string) {
  return [
    `/v1/admin/${rest}`,
    `/v1/admin/${rest}/`,
    `//v1/admin/${rest}`,
    `/v1//admin/${rest}`,
    `/v1/admin//${rest}`,
    `/V1/ADMIN/${rest.toUpperCase()}`,
    `/v1/Admin/${rest}`,
    `/v1/%61dmin/${rest}`,
    `/v1/admin%2f${rest}`,
    `/%761/admin/${rest}`,
    `/v1/./admin/${rest}`,
    `/v1/admin/./${rest}`,
    `/v1/x/../admin/${rest}`,
    `/v1/x/%2e%2e/admin/${rest}`,
    `${publicPrefix}/%2e%2e/v1/admin/${rest}`,
    `/v1/admin/${rest};x=1`,
    `/v1/admin/${rest}?token=${ADMIN_TOKEN}`,
    `/v1/admin/${rest}#x`,
  ];
}
const METHODS = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"];
const ALL_CREDENTIALS: Record<string, string>[] = [
  {},
  { authorization: "Bearer" },
  { authorization: "Bearer " },
  { authorization: "Bearer wrong-token-wrong-token-wrong" },
  { authorization: `Bearer ${ADMIN_TOKEN.toUpperCase()}` },
  { authorization: `Bearer ${ADMIN_TOKEN.slice(0, -1)}` },
  { authorization: `Bearer ${ADMIN_TOKEN}x` },
  { authorization: `Basic ${Buffer.from(`admin:${ADMIN_TOKEN}`).toString("base64")}` },
  { authorization: `Token ${ADMIN_TOKEN}` },
  { cookie: `token=${ADMIN_TOKEN}` },
  { "x-admin-token": ADMIN_TOKEN },
];
// Short runs: no credential, a wrong one, a near miss and Basic; long runs: all of them.
const CREDENTIALS = reliabilitySize(
  [0, 3, 5, 7].map((i) => ALL_CREDENTIALS[i]),
  ALL_CREDENTIALS,
);

// The bounce webhook also takes the token as Basic auth's password or as `?token=` (Amazon SNS can send no
// header): with the real token those are valid credentials there, not tricks.
const webhookCredential = (path: string, headers: Record<string, string>) =>
  path.includes("webhooks/bounces") && (path.includes("?token=") || (headers.authorization ?? "").startsWith("Basic"));

async function probe(base: string, paths: string[]) {
  const bad: string[] = [];
  let tried = 0;
  for (const path of paths) {
    for (const method of METHODS) {
      for (const headers of CREDENTIALS) {
        if (webhookCredential(path, headers)) continue;
        tried++;
        const res = await httpRequest(`${base}${path}`, { method, headers });
        const ok = res.status === 401 && /^Bearer/.test(String(res.headers["www-authenticate"]));
        if (!ok) bad.push(`${method} ${path} ${Object.keys(headers).join() || "(none)"} → ${res.status}`);
      }
    }
  }
  return { bad, tried };
}

describe("admin endpoints refuse every request without the token", () => {
  it.each([
    [
      "comments",
      () => comments,
      ["comments", "comments/01HZZZZZZZZZZZZZZZZZZZZZZZ/approve", "comments/bulk"],
      "/comments",
    ],
    [
      "newsletter",
      () => newsletter,
      ["newsletter/subscribers", "newsletter/subscribers.csv", "newsletter/issues", "newsletter/webhooks/bounces"],
      "/newsletter",
    ],
  ] as const)(
    "%s: every path spelling, method and wrong credential answers 401",
    async (name, service, rests, prefix) => {
      const base = service().url;
      // The real token opens the plain path, so a 401 below is the guard's doing and not a broken route.
      const real = await httpRequest(`${base}/v1/admin/${rests[0]}`, {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      expect(real.status).toBe(200);
      const { bad, tried } = await probe(
        base,
        rests.flatMap((r) => spellings(r, prefix)),
      );
      console.log(`admin guard (${name}): ${tried} requests without a valid token, ${bad.length} not answered 401`);
      recordReliability({
        kind: "input",
        name: `admin path tricks × methods × wrong credentials (${name})`,
        ok: bad.length === 0,
        inputsTried: tried,
        serverErrors: bad.filter((b) => / → 5\d\d$/.test(b)).length,
      });
      expect(bad).toEqual([]);
    },
  );
});
