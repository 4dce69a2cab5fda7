import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanEnv, GATEWAY_DIR, REPO_ROOT, removeTempDirs, tempDir, tsxArgs } from "./helpers/env.ts";
import { httpRequest, postForm, readThread } from "./helpers/http.ts";
import { isAlive, runToExit, type StartedProcess, waitFor } from "./helpers/process.ts";
import { type StartedGateway, startGateway } from "./helpers/servers.ts";

const PAGE = "/blog/neuroplasticity-and-psychedelics";
const newsletterExists = existsSync(join(REPO_ROOT, "services", "newsletter", "package.json"));
const running: StartedProcess[] = [];

afterAll(async () => {
  await Promise.all(running.map((p) => p.stop()));
  await removeTempDirs();
});

async function start(vars: Record<string, string | undefined> = {}) {
  const dataDir = await tempDir("gateway");
  const gateway = await startGateway(dataDir, vars);
  running.push(gateway);
  return { gateway, dataDir };
}

function comment(uri: string, body: string) {
  return { uri, name: "Ana", email: "", website: "", body, homepage: "" };
}

describe("the dev gateway", () => {
  let gateway: StartedGateway;
  let dataDir: string;

  beforeAll(async () => {
    // The plain PORT and DATABASE_URL belong to nobody under the gateway: a service that took them would
    // listen on port 1, or fail to open a database in a folder that does not exist.
    ({ gateway, dataDir } = await start({
      COMMENTS_RATE_LIMIT: "2/10m",
      PORT: "1",
      DATABASE_URL: "file:/nonexistent/parlor/shared.db",
    }));
  });

  it("prints its listening line once the comments service is up, and answers its own health check", async () => {
    expect(gateway.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(gateway.services.comments?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(new URL(gateway.services.comments.url).port).not.toMatch(/^(1|0)$/);
    expect(gateway.services.comments.url).not.toBe(gateway.url);
    expect((await fetch(`${gateway.url}/healthz`)).status).toBe(200);
  });

  it("keeps each service's data in that service's own folder", () => {
    expect(existsSync(join(dataDir, "comments", "comments.db"))).toBe(true);
  });

  it("routes a thread request to the comments service", async () => {
    const res = await fetch(`${gateway.url}/v1/comments?uri=${encodeURIComponent(PAGE)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await res.json()).toMatchObject({ uri: PAGE, total: 0, comments: [] });
    expect((await fetch(`${gateway.url}/v1/counts?uri=${encodeURIComponent(PAGE)}`)).status).toBe(200);
    expect((await fetch(`${gateway.url}/comments/docs`)).status).toBe(200);
  });

  it("does not expose the services' operator endpoints", async () => {
    for (const path of ["/metrics", "/openapi.json", "/comments/../metrics", "/v1/comments/%2e%2e/%2e%2e/metrics"]) {
      const res = await httpRequest(`${gateway.url}${path}`);
      expect(res.text, path).not.toMatch(/# (HELP|TYPE) /);
      expect(res.text, path).not.toMatch(/"openapi"/);
    }
  });

  it("sends a reader's form post back to the article on the gateway's own origin with a 303", async () => {
    const res = await postForm(`${gateway.url}/v1/comments`, comment(PAGE, "Posted through the gateway"), "127.0.0.2", {
      referer: `${gateway.url}${PAGE}`,
    });
    expect(res.status).toBe(303);
    const location = new URL(String(res.headers.location), gateway.url);
    expect(location.origin).toBe(gateway.url);
    expect(location.pathname).toBe(PAGE);
    expect(location.searchParams.get("parlor")).toBe("held");
  });

  it("tells the service who the client is, so one reader's third post is rate limited and another reader's is not", async () => {
    const [first, second] = ["127.0.0.3", "127.0.0.3"].map((ip, i) =>
      postForm(`${gateway.url}/v1/comments`, comment(PAGE, `Rate ${i}`), ip),
    );
    expect((await first).status).toBe(303);
    expect((await second).status).toBe(303);
    // Claiming another address does not help: the gateway appends the one it sees, and that one counts.
    const third = await postForm(`${gateway.url}/v1/comments`, comment(PAGE, "Rate 2"), "127.0.0.3", {
      "x-forwarded-for": "203.0.113.9",
    });
    expect(third.status).toBe(429);
    expect(third.headers["retry-after"]).toMatch(/^\d+$/);
    const otherReader = await postForm(`${gateway.url}/v1/comments`, comment(PAGE, "Rate other"), "127.0.0.4");
    expect(otherReader.status).toBe(303);
  });

  it("streams a JSON post and answers in JSON through the gateway", async () => {
    const res = await fetch(`${gateway.url}/v1/comments`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ uri: PAGE, author: { name: "" }, body: "" }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    const problem = (await res.json()) as { errors: { path: string }[] };
    expect(problem.errors.map((e) => e.path)).toEqual(expect.arrayContaining(["author.name", "body"]));
    expect((await readThread(gateway.url, PAGE)).total).toBe(0);
  });

  it("serves the demo article at /, with the comment box and the newsletter box", async () => {
    const home = await fetch(`${gateway.url}/`, { redirect: "manual" });
    expect(home.status).toBe(302);
    expect(new URL(String(home.headers.get("location")), gateway.url).pathname).toBe(PAGE);
    const page = await fetch(`${gateway.url}${PAGE}`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(page.headers.get("content-security-policy")).toMatch(/script-src 'nonce-/);
    const text = await page.text();
    for (const words of [
      "Neuroplasticity and Psychedelics: How These Compounds May Rewire the Brain",
      "Dr. Tae Y. Kim, DO",
      "What do you think?",
      "Be the first to share your thoughts.",
      "Health tips from Dr. Kim",
      "No spam, just real advice — straight from a physician you can trust.",
      'href="https://pubmed.ncbi.nlm.nih.gov/29898390/"',
      'action="/v1/comments"',
      'action="/v1/subscriptions"',
    ]) {
      expect(text).toContain(words);
    }
    expect(text).not.toMatch(/<(script|link|img)[^>]+(src|href)="(https?:)?\/\//); // nothing loaded from elsewhere
    const held = await (await fetch(`${gateway.url}${PAGE}?parlor=held`)).text();
    expect(held).toMatch(/role="status"[^>]*>[^<]*moderator/);
  });

  it.skipIf(newsletterExists)(
    "answers the newsletter's paths with a 503 problem while that service does not exist",
    async () => {
      for (const [method, path] of [
        ["POST", "/v1/subscriptions"],
        ["GET", "/v1/issues"],
        ["GET", "/v1/admin/newsletter/subscribers"],
        ["GET", "/newsletter/docs"],
      ]) {
        const res = await fetch(`${gateway.url}${path}`, { method });
        expect(res.status, path).toBe(503);
        expect(res.headers.get("content-type"), path).toMatch(/^application\/problem\+json/);
        const body = (await res.json()) as { status: number; detail: string };
        expect(body.status).toBe(503);
        expect(body.detail).toMatch(/newsletter service is not running/i);
      }
    },
  );

  it("stops itself and every service on SIGTERM", async () => {
    const pids = Object.values(gateway.services).map((s) => s.pid);
    expect(pids.length).toBeGreaterThan(0);
    expect(pids.every(isAlive)).toBe(true);
    expect(await gateway.stop()).toEqual({ code: 0, signal: null });
    expect(await waitFor(() => !pids.some(isAlive), 2_000)).toBe(true);
  });
});

describe("the dev gateway when a service fails", () => {
  it("exits non-zero, naming the bad variable, when the comments service cannot start", async () => {
    const dataDir = await tempDir("gateway-bad");
    await expect(startGateway(dataDir, { COMMENTS_RATE_LIMIT: "lots" })).rejects.toThrow(
      /COMMENTS_RATE_LIMIT[\s\S]*exited/,
    );
  });

  it("refuses several instances of a service on SQLite, in one line, before starting any", async () => {
    const [cmd, args] = tsxArgs(GATEWAY_DIR);
    const dataDir = await tempDir("gateway-instances");
    const run = await runToExit(cmd, args, {
      cwd: GATEWAY_DIR,
      env: cleanEnv({
        GATEWAY_PORT: "0",
        GATEWAY_CHILD_PORTS: "0",
        GATEWAY_INSTANCES: "2",
        COMMENTS_DATA_DIR: dataDir,
      }),
    });
    expect(run.code).toBe(2);
    const lines = run.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^gateway: GATEWAY_INSTANCES=2 needs COMMENTS_DATABASE_URL=postgres:\/\//);
    expect(run.stdout).not.toMatch(/^\[comments/m);
  });

  it("exits non-zero when the comments service dies, instead of running half a system", async () => {
    const { gateway } = await start();
    process.kill(gateway.services.comments.pid, "SIGKILL");
    const exit = await gateway.exited;
    expect(exit.code).not.toBe(0);
    expect(gateway.stdout()).toMatch(/comments exited/);
    expect((await fetch(`${gateway.url}/healthz`).catch(() => null))?.status).toBeUndefined();
  });

  it("leaves no service behind when the gateway itself is killed", async () => {
    const { gateway } = await start();
    const pids = Object.values(gateway.services).map((s) => s.pid);
    process.kill(gateway.gatewayPid, "SIGKILL"); // no chance to clean up: each service notices its stdin close
    await gateway.exited;
    expect(await waitFor(() => !pids.some(isAlive), 15_000)).toBe(true);
  });

  it("stops the services when the tsx CLI in front of it (pnpm start) is killed", async () => {
    const { gateway } = await start();
    const pids = [gateway.gatewayPid, ...Object.values(gateway.services).map((s) => s.pid)];
    process.kill(gateway.child.pid as number, "SIGKILL");
    expect(await waitFor(() => !pids.some(isAlive), 15_000)).toBe(true);
  });
});
