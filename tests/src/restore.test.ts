import { readdirSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { runCli, serviceCommands } from "@parlor/kit/cli";
import SQLite from "better-sqlite3";
import { afterAll, beforeAll, expect, it } from "vitest";
import { removeTempDirs, tempDir } from "./helpers/env.ts";
import { killService, type StartedProcess, servicePid, waitFor } from "./helpers/process.ts";
import { startComments, startNewsletter } from "./helpers/servers.ts";

// An operator who runs `restore` while the service is up must be refused, or the service goes on writing into the
// renamed file and every comment it acknowledges from then on is lost at the next restart. The services run as
// processes of their own; `backup` and `restore` run here, through the commands both services' CLIs are made of
// (a second tsx start per command would cost seconds each), so the lock is tested across processes all the same.
const running: StartedProcess[] = [];
let comments: { dataDir: string; service: StartedProcess };
let newsletter: { dataDir: string; service: StartedProcess };
// Webhooks go first to a URL that refuses connections (so the backup holds them queued, waiting to retry), and
// after the restore to a receiver that records them.
const WEBHOOKS = {
  COMMENTS_WEBHOOK_URLS: "*=http://127.0.0.1:9/gone",
  COMMENTS_WEBHOOK_SECRET: "whsec-restore-0123456789abcdef",
};
const COMMENTS_VARS = { COMMENTS_RATE_LIMIT: "0", COMMENTS_SOFT_RATE_LIMIT: "0", ...WEBHOOKS };
const received: { id: string; type: string; delivery: string }[] = [];
const receiver = createServer((req, res) => {
  let body = "";
  req.setEncoding("utf8").on("data", (c: string) => {
    body += c;
  });
  req.on("end", () => {
    const event = JSON.parse(body) as { id: string; type: string };
    received.push({ id: event.id, type: event.type, delivery: String(req.headers["parlor-delivery"]) });
    res.writeHead(204).end();
  });
});
beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  // Both services start side by side (each start is seconds of tsx).
  const [commentsDir, newsletterDir] = [await tempDir("restore"), await tempDir("restore-newsletter")];
  const started = await Promise.all([startComments(commentsDir, COMMENTS_VARS), startNewsletter(newsletterDir)]);
  running.push(...started);
  comments = { dataDir: commentsDir, service: started[0] };
  newsletter = { dataDir: newsletterDir, service: started[1] };
});
afterAll(async () => {
  await Promise.all(running.map((p) => p.stop()));
  receiver.close();
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
/** Rows of a store file (WAL included), read as the service would find them at start. */
function rowsIn<T>(file: string, query: string): T[] {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(query).all() as T[];
  } finally {
    db.close();
  }
}
/** The comments a store file holds. */
const commentsIn = (file: string) =>
  rowsIn<{ id: string }>(file, "select id from comment order by id").map((r) => r.id);
/** The webhook deliveries a store file holds, as `type event-id status attempts`. */
const webhooksIn = (file: string) =>
  rowsIn<{ message: string; status: string; attempts: number }>(
    file,
    "select message, status, attempts from comment_webhook_outbox order by id",
  ).map((r) => {
    const event = JSON.parse(JSON.parse(r.message).body) as { id: string; type: string };
    return { id: event.id, type: event.type, status: r.status, attempts: r.attempts };
  });

it("restore is refused while the service runs (every acknowledged comment survives), and works once it is killed; the backup's queued webhooks go to the URL configured now", async () => {
  const { dataDir, service } = comments;
  const live = join(dataDir, "comments.db");
  const backupFile = join(await tempDir("restore-backups"), "comments.db");
  const inBackup = [await post(service.url, "before the backup 1"), await post(service.url, "before the backup 2")];
  // The backup is taken once the worker has tried every event and is waiting to retry (seconds away).
  const tried = () => {
    const rows = webhooksIn(live);
    return rows.length > 0 && rows.every((r) => r.status === "queued" && r.attempts > 0);
  };
  expect(await waitFor(tried, 10_000)).toBe(true);
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

  // Started again with the webhooks pointed elsewhere: the events the backup holds as queued go to the URL
  // configured now, with their original Parlor-Delivery ids, at once (their waits were for the old URL).
  const queued = webhooksIn(live).filter((r) => r.status === "queued");
  expect(queued.length).toBeGreaterThanOrEqual(2);
  const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  const again = await startComments(dataDir, { ...COMMENTS_VARS, COMMENTS_WEBHOOK_URLS: `*=${hook}` });
  running.push(again);
  expect(await waitFor(() => received.length >= queued.length, 10_000)).toBe(true);
  const sorted = <T extends { id: string }>(list: T[]) => [...list].sort((a, b) => a.id.localeCompare(b.id));
  expect(sorted(received)).toEqual(sorted(queued.map((r) => ({ id: r.id, type: r.type, delivery: r.id }))));
  await again.stop();

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
