import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_TOKEN, COMMENTS_DIR, cleanEnv, removeTempDirs, tempDir, tsxArgs } from "./helpers/env.ts";
import { asModerator, readThread } from "./helpers/http.ts";
import { runToExit, type StartedProcess } from "./helpers/process.ts";
import { startComments } from "./helpers/servers.ts";

const PAGE = "/blog/neuroplasticity-and-psychedelics";
const running: StartedProcess[] = [];

afterAll(async () => {
  await Promise.all(running.map((p) => p.stop()));
  await removeTempDirs();
});

async function start(dataDir: string, vars: Record<string, string | undefined> = {}) {
  const p = await startComments(dataDir, vars);
  running.push(p);
  return p;
}

describe("the comments service as a real process", () => {
  let dataDir: string;
  let service: StartedProcess;
  let commentId: string;

  beforeAll(async () => {
    dataDir = await tempDir("comments");
    service = await start(dataDir);
  });

  it("prints the address it really listens on, and answers its health check there", async () => {
    expect(service.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(new URL(service.url).port).not.toBe("0");
    const res = await fetch(`${service.url}/healthz`);
    expect(res.status).toBe(200);
  });

  it("holds a posted comment until the moderator approves it, then shows it in the thread", async () => {
    const posted = await fetch(`${service.url}/v1/comments`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ uri: PAGE, author: { name: "Ana" }, body: "Does the plasticity window close for good?" }),
    });
    expect(posted.status).toBe(201);
    const created = (await posted.json()) as { comment: { id: string; status: string } };
    expect(created.comment.status).toBe("pending");
    commentId = created.comment.id;
    expect((await readThread(service.url, PAGE)).total).toBe(0);

    const queue = await asModerator(`${service.url}/v1/admin/comments?status=pending`);
    expect(queue.status).toBe(200);
    const { comments } = (await queue.json()) as { comments: { id: string }[] };
    expect(comments.map((c) => c.id)).toContain(commentId);

    const approved = await asModerator(`${service.url}/v1/admin/comments/${commentId}/approve`, { method: "POST" });
    expect(approved.status).toBe(200);
    const thread = await readThread(service.url, PAGE);
    expect(thread.total).toBe(1);
    expect(thread.comments[0].html).toContain("Does the plasticity window close for good?");
  });

  it("exits 0 on SIGTERM and still has the comment when restarted on the same data", async () => {
    expect(await service.stop()).toEqual({ code: 0, signal: null });
    const again = await start(dataDir);
    const thread = await readThread(again.url, PAGE);
    expect(thread.comments.map((c) => c.id)).toEqual([commentId]);
    expect(await again.stop()).toEqual({ code: 0, signal: null });
  });

  it("refuses to start on a bad port, with one clear line naming COMMENTS_PORT", async () => {
    const [cmd, args] = tsxArgs(COMMENTS_DIR);
    const dir = await tempDir("comments-badport");
    const run = await runToExit(cmd, args, {
      cwd: COMMENTS_DIR,
      env: cleanEnv({ COMMENTS_PORT: "abc", COMMENTS_DATA_DIR: dir, ADMIN_TOKEN }),
    });
    expect(run.code).not.toBe(0);
    expect(run.code).not.toBeNull();
    const naming = run.stderr.split("\n").filter((line) => line.includes("COMMENTS_PORT"));
    expect(naming).toHaveLength(1);
    expect(naming[0]).toMatch(/port/i);
    expect(run.stderr).not.toMatch(/^\s+at /m); // a message, not a stack trace
    expect(run.stdout).not.toMatch(/listening on/);
  });

  it("without ADMIN_TOKEN prints a generated token once, on the first start only, and that token works", async () => {
    const dir = await tempDir("comments-token");
    const first = await start(dir, { ADMIN_TOKEN: undefined });
    // The token stands alone on an indented line; log lines are JSON.
    const token = /^\s+([\w-]{24,})\s*$/m.exec(first.stdout())?.[1];
    expect(token, first.stdout()).toBeDefined();
    expect(first.stdout().split(token as string)).toHaveLength(2); // printed exactly once
    expect(await first.stop()).toEqual({ code: 0, signal: null });

    const second = await start(dir, { ADMIN_TOKEN: undefined });
    expect(second.stdout()).not.toContain(token);
    expect((await asModerator(`${second.url}/v1/admin/comments`, {}, token)).status).toBe(200);
    const wrong = await asModerator(`${second.url}/v1/admin/comments`, {}, ADMIN_TOKEN);
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("www-authenticate")).toMatch(/^Bearer/);
  });
});
