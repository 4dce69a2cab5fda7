import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { runCli } from "@parlor/kit/cli";
import { describe, expect, it, vi } from "vitest";
import { commentsCommands } from "../src/cli.commands.ts";
import { loadRuntime } from "../src/config.ts";
import { createTestApp, ENGINE, postComment } from "./helpers.ts";

// The operator's `token` and `purge` commands against the SQLite file a running app uses: once as a real process
// (the entry point), then in this process through the same commands (fast). The CLI takes a DATABASE_URL, not a
// test schema, so this runs in the SQLite project.
const PACKAGE = join(import.meta.dirname, "..");
const envFor = (dir: string) => ({
  PATH: process.env.PATH,
  COMMENTS_DATABASE_URL: `file:${join(dir, "comments.db")}`,
  COMMENTS_LOG_LEVEL: "silent",
});
const spawnCli = (dir: string, ...args: string[]) =>
  promisify(execFile)(
    process.execPath,
    [join(PACKAGE, "node_modules", "tsx", "dist", "cli.mjs"), "src/cli.ts", ...args],
    {
      cwd: PACKAGE,
      env: envFor(dir),
    },
  );
async function cli(dir: string, ...args: string[]) {
  const out: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((...a) => void out.push(a.join(" ")));
  const err = vi.spyOn(console, "error").mockImplementation((...a) => void out.push(a.join(" ")));
  const exitCode = process.exitCode;
  try {
    await runCli("comments", commentsCommands(loadRuntime(envFor(dir))), args);
    if (process.exitCode) throw Object.assign(new Error(out.join("\n")), { code: process.exitCode });
    return { stdout: out.join("\n") };
  } finally {
    process.exitCode = exitCode;
    log.mockRestore();
    err.mockRestore();
  }
}

describe.skipIf(ENGINE !== "sqlite")("the token command", () => {
  it("creates, rotates, lists and revokes a moderator's token, audited, effective at once", async () => {
    const t = await createTestApp();
    const tokenIn = (out: string) => /^\s+([\w-]{43})\s*$/m.exec(out)?.[1] as string;
    const made = await spawnCli(t.dir, "token", "--name", "Erin");
    const first = tokenIn(made.stdout);
    expect(first).toBeTruthy();
    const asErin = (token: string) =>
      t.call("GET", "/v1/admin/comments", undefined, { Authorization: `Bearer ${token}` });
    expect((await asErin(first)).status).toBe(200);

    const second = tokenIn((await cli(t.dir, "token", "--name", "Erin")).stdout);
    expect((await asErin(first)).status).toBe(401);
    expect((await asErin(second)).status).toBe(200);

    await cli(t.dir, "token", "--revoke", "Erin");
    expect((await asErin(second)).status).toBe(401);
    expect((await cli(t.dir, "token", "--list")).stdout).toMatch(/^Erin\s+created \S+\s+revoked /m);

    const log = await (await t.admin("GET", "/v1/admin/comments/audit?subject=Erin")).json();
    expect(log.entries.map((e: { actor: string; action: string }) => `${e.actor}: ${e.action}`)).toEqual([
      "owner (cli): token.revoke",
      "owner (cli): token.rotate",
      "owner (cli): token.create",
    ]);
  }, 60_000);

  it("purge runs the retention job once", async () => {
    // The test app's clock stands at 2026-05-01; the CLI runs on the real clock, months later.
    const t = await createTestApp();
    const spam = await postComment(t, { approve: false });
    await t.admin("POST", `/v1/admin/comments/${spam.comment.id}/spam`);
    await postComment(t);
    const out = await cli(t.dir, "purge");
    expect(out.stdout).toMatch(
      /^purged 1 comment\(s\), kept 0 as empty stubs \(they have replies\), dropped 1 client hash\(es\)$/m,
    );
    expect(await t.db.selectFrom("comment").select("client_hash").execute()).toEqual([{ client_hash: null }]);
  }, 60_000);
});
