import { readdirSync } from "node:fs";
import { join } from "node:path";
import { runCli, serviceCommands } from "@parlor/kit/cli";
import SQLite from "better-sqlite3";
import { afterAll, beforeAll, expect, it } from "vitest";
import { removeTempDirs, tempDir } from "./helpers/env.ts";
import { killService, type StartedProcess, servicePid } from "./helpers/process.ts";
import { startComments, startNewsletter } from "./helpers/servers.ts";

// An operator who runs `restore` while the service is up must be refused, or the service goes on writing into the
// renamed file and every comment it acknowledges from then on is lost at the next restart. The services run as
// processes of their own; `backup` and `restore` run here, through the commands both services' CLIs are made of
// (a second tsx start per command would cost seconds each), so the lock is tested across processes all the same.
const running: StartedProcess[] = [];
let comments: { dataDir: string; service: StartedProcess };
let newsletter: { dataDir: string; service: StartedProcess };
beforeAll(async () => {
  // Both services start side by side (each start is seconds of tsx).
  const [commentsDir, newsletterDir] = [await tempDir("restore"), await tempDir("restore-newsletter")];
  const started = await Promise.all([
    startComments(commentsDir, { COMMENTS_RATE_LIMIT: "0", COMMENTS_SOFT_RATE_LIMIT: "0" }),
    startNewsletter(newsletterDir),
  ]);
  running.push(...started);
  comments = { dataDir: commentsDir, service: started[0] };
  newsletter = { dataDir: newsletterDir, service: started[1] };
});
afterAll(async () => {
  await Promise.all(running.map((p) => p.stop()));
  await removeTempDirs();
});

/** `<service> <args…>` as the operator's CLI runs it on the SQLite file `file`: exit code and what it printed. */
async function cli(service: "comments" | "newsletter", file: string, ...args: string[]) {
  const commands = serviceCommands({
    name: service,
    configShape: {},
    config: {},
    databaseUrl: `file:${file}`,
    sqliteFile: file,
    migrations: {},
    settingTable: `${service}_setting`,
  });
  const out: string[] = [];
  const err: string[] = [];
  const { log, error } = console;
  console.log = (...a: unknown[]) => void out.push(a.join(" "));
  console.error = (...a: unknown[]) => void err.push(a.join(" "));
  try {
    await runCli(service, commands, args);
    return { code: process.exitCode ?? 0, stdout: out.join("\n"), stderr: err.join("\n") };
  } finally {
    console.log = log;
    console.error = error;
    process.exitCode = undefined;
  }
}

async function post(url: string, body: string) {
  const res = await fetch(`${url}/v1/comments`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ uri: "/blog/restore", author: { name: "Ann" }, body }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { comment: { id: string } }).comment.id;
}
/** The comments a store file holds: what the service finds when it starts on it (WAL included). */
function commentsIn(file: string): string[] {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare("select id from comment order by id").all() as { id: string }[]).map((r) => r.id);
  } finally {
    db.close();
  }
}

it("restore is refused while the service runs (every acknowledged comment survives), and works once it is killed", async () => {
  const { dataDir, service } = comments;
  const live = join(dataDir, "comments.db");
  const backupFile = join(await tempDir("restore-backups"), "comments.db");
  const inBackup = [await post(service.url, "before the backup 1"), await post(service.url, "before the backup 2")];
  const backup = await cli("comments", live, "backup", backupFile);
  expect(backup.code, backup.stderr).toBe(0);
  expect(readdirSync(join(backupFile, ".."))).toEqual(["comments.db"]);

  const acknowledged = [...inBackup];
  for (let i = 0; i < 5; i++) acknowledged.push(await post(service.url, `after the backup ${i}`));
  const refused = await cli("comments", live, "restore", backupFile);
  expect(refused.code).toBe(1);
  expect(refused.stdout).toBe("");
  expect(refused.stderr).toMatch(
    new RegExp(
      `^comments restore: refused: .*comments\\.db is open in the comments service \\(pid ${servicePid(service)}, port ${new URL(service.url).port}, since [^)]+\\): stop it first, then restore again$`,
    ),
  );
  expect(readdirSync(dataDir).filter((f) => f.includes("before-restore"))).toEqual([]);
  // The service keeps taking writes into the same file: the store holds every acknowledged comment, even after
  // a kill -9 (what a restart finds).
  acknowledged.push(await post(service.url, "after the refused restore"));
  await killService(service);
  expect(commentsIn(live)).toEqual(acknowledged.sort());

  // kill -9 leaves no stale lock: the kernel dropped it with the process.
  const restored = await cli("comments", live, "restore", backupFile);
  expect(restored.code, restored.stderr).toBe(0);
  expect(restored.stdout).toMatch(/the database it replaced is kept as .*comments\.db\.before-restore$/);
  expect(commentsIn(live)).toEqual(inBackup.sort());
  expect(commentsIn(`${live}.before-restore`)).toEqual(acknowledged);

  // Into an empty folder, the restore says there was nothing to keep, and nothing is kept.
  const empty = await tempDir("restore-empty");
  const fresh = await cli("comments", join(empty, "comments.db"), "restore", backupFile);
  expect(fresh.code, fresh.stderr).toBe(0);
  expect(fresh.stdout).toMatch(/\(there was no database there before\)$/);
  expect(readdirSync(empty).filter((f) => f.includes("before-restore"))).toEqual([]);
});

it("the newsletter's restore is refused the same way while it runs", async () => {
  const { dataDir, service } = newsletter;
  const live = join(dataDir, "newsletter.db");
  const refused = await cli("newsletter", live, "restore", live);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toMatch(
    new RegExp(
      `^newsletter restore: refused: .* is open in the newsletter service \\(pid ${servicePid(service)}, port ${new URL(service.url).port}, `,
    ),
  );
  await service.stop();
});
