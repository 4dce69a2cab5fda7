import { readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import {
  ADMIN_TOKEN,
  COMMENTS_DIR,
  cleanEnv,
  NEWSLETTER_DIR,
  removeTempDirs,
  tempDir,
  tsxArgs,
} from "./helpers/env.ts";
import { asModerator } from "./helpers/http.ts";
import { killService, runToExit, type StartedProcess, servicePid } from "./helpers/process.ts";
import { startComments, startNewsletter } from "./helpers/servers.ts";

// An operator who runs `restore` while the service is up must be refused, or the service goes on writing into the
// renamed file and every comment it acknowledges from then on is lost at the next restart.
const running: StartedProcess[] = [];
afterAll(async () => {
  await Promise.all(running.map((p) => p.stop()));
  await removeTempDirs();
});

function cli(dir: string, prefix: string, dataDir: string, ...args: string[]) {
  const [cmd, tsx] = tsxArgs(dir, "src/cli.ts");
  return runToExit(cmd, [...tsx, ...args], {
    cwd: dir,
    env: cleanEnv({ [`${prefix}_DATA_DIR`]: dataDir, ADMIN_TOKEN }),
    timeoutMs: 30_000,
  });
}
const commentsCli = (dataDir: string, ...args: string[]) => cli(COMMENTS_DIR, "COMMENTS", dataDir, ...args);

async function post(url: string, body: string) {
  const res = await fetch(`${url}/v1/comments`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ uri: "/blog/restore", author: { name: "Ann" }, body }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { comment: { id: string } }).comment.id;
}
async function queued(url: string): Promise<string[]> {
  const res = await asModerator(`${url}/v1/admin/comments?status=pending&limit=100`);
  return ((await res.json()) as { comments: { id: string }[] }).comments.map((c) => c.id).sort();
}

it("restore is refused while the service runs (every acknowledged comment survives), and works once it is killed", async () => {
  const dataDir = await tempDir("restore");
  const backupFile = join(await tempDir("restore-backups"), "comments.db");
  let service = await startComments(dataDir, { COMMENTS_RATE_LIMIT: "0", COMMENTS_SOFT_RATE_LIMIT: "0" });
  running.push(service);
  const inBackup = [await post(service.url, "before the backup 1"), await post(service.url, "before the backup 2")];
  const backup = await commentsCli(dataDir, "backup", backupFile);
  expect(backup.code, backup.stderr).toBe(0);
  expect(readdirSync(join(backupFile, ".."))).toEqual(["comments.db"]);

  const acknowledged = [...inBackup];
  for (let i = 0; i < 5; i++) acknowledged.push(await post(service.url, `after the backup ${i}`));
  const refused = await commentsCli(dataDir, "restore", backupFile);
  const port = new URL(service.url).port;
  expect(refused.code).toBe(1);
  expect(refused.stderr.trim().split("\n")).toHaveLength(1);
  expect(refused.stderr).toMatch(
    new RegExp(
      `^comments restore: refused: .*comments\\.db is open in the comments service \\(pid ${servicePid(service)}, port ${port}, since [^)]+\\): stop it first, then restore again\\n$`,
    ),
  );
  // The service keeps taking writes into the same file, and a restart finds every one of them.
  acknowledged.push(await post(service.url, "after the refused restore"));
  await service.stop();
  service = await startComments(dataDir, { COMMENTS_RATE_LIMIT: "0" });
  running.push(service);
  expect(await queued(service.url)).toEqual(acknowledged.sort());

  // kill -9 leaves no stale lock: the kernel drops it with the process.
  await killService(service);
  const restored = await commentsCli(dataDir, "restore", backupFile);
  expect(restored.code, restored.stderr).toBe(0);
  expect(restored.stdout).toMatch(/the database it replaced is kept as .*comments\.db\.before-restore\n$/);
  service = await startComments(dataDir, { COMMENTS_RATE_LIMIT: "0" });
  running.push(service);
  expect(await queued(service.url)).toEqual(inBackup.sort());
  await service.stop();

  // Into an empty folder, the restore says there was nothing to keep, and nothing is kept.
  const empty = await tempDir("restore-empty");
  const fresh = await commentsCli(empty, "restore", backupFile);
  expect(fresh.code, fresh.stderr).toBe(0);
  expect(fresh.stdout).toMatch(/\(there was no database there before\)\n$/);
  expect(readdirSync(empty).filter((f) => f.includes("before-restore"))).toEqual([]);
});

it("the newsletter's restore is refused the same way while it runs", async () => {
  const dataDir = await tempDir("restore-newsletter");
  const service = await startNewsletter(dataDir);
  running.push(service);
  const refused = await cli(NEWSLETTER_DIR, "NEWSLETTER", dataDir, "restore", join(dataDir, "newsletter.db"));
  expect(refused.code).toBe(1);
  expect(refused.stderr).toMatch(
    new RegExp(
      `^newsletter restore: refused: .* is open in the newsletter service \\(pid ${servicePid(service)}, port ${new URL(service.url).port}, `,
    ),
  );
  await service.stop();
});
