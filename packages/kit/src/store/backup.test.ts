import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterEach, expect, it } from "vitest";
import { runCli } from "../cli/cli.ts";
import { serviceCommands } from "../cli/service-cli.ts";
import { backupSqlite, restoreSqlite } from "./backup.ts";
import { openDatabase } from "./database.ts";
import { StoreInUse, withStoreExclusive } from "./store-lock.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function folder() {
  const dir = mkdtempSync(join(tmpdir(), "parlor-backup-"));
  dirs.push(dir);
  return dir;
}

async function storeWith(file: string, notes: string[]) {
  const store = openDatabase<unknown>(`file:${file}`, { holder: "comments" });
  await sql`create table if not exists note (text varchar(100))`.execute(store.db);
  for (const text of notes) await sql`insert into note (text) values (${text})`.execute(store.db);
  return store;
}
const notesIn = async (file: string) => {
  const store = openDatabase<unknown>(`file:${file}`);
  try {
    return (await sql<{ text: string }>`select text from note order by text`.execute(store.db)).rows.map((r) => r.text);
  } finally {
    await store.db.destroy();
  }
};

it("a backup leaves only the backup file beside it: no -wal, -shm or .partial files", async () => {
  const dir = folder();
  const store = await storeWith(join(dir, "live", "x.db"), ["one", "two"]);
  await backupSqlite(join(dir, "live", "x.db"), join(dir, "backups", "x-1.db"));
  await store.db.destroy();
  expect(readdirSync(join(dir, "backups"))).toEqual(["x-1.db"]);
  expect(await notesIn(join(dir, "backups", "x-1.db"))).toEqual(["one", "two"]);
});

it("restore refuses while a process has the store open, naming it, and changes nothing", async () => {
  const dir = folder();
  const live = join(dir, "x.db");
  await (await storeWith(join(dir, "old.db"), ["from the backup"])).db.destroy();
  await backupSqlite(join(dir, "old.db"), join(dir, "backup.db"));
  const store = await storeWith(live, ["acknowledged"]);
  store.hold?.describe({ port: 3001 });

  const refused = await restoreSqlite(join(dir, "backup.db"), live).catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(StoreInUse);
  expect((refused as Error).message).toBe(
    `${live} is open in the comments service (pid ${process.pid}, port 3001, since ${(refused as StoreInUse).holders[0].since}): stop it first, then restore again`,
  );
  // The running store goes on writing into the same file, and nothing was renamed.
  await sql`insert into note (text) values ('after the refusal')`.execute(store.db);
  expect(readdirSync(dir).filter((f) => f.includes("before-restore"))).toEqual([]);
  await store.db.destroy();
  expect(await notesIn(live)).toEqual(["acknowledged", "after the refusal"]);

  // Closed: the restore goes ahead and keeps what it replaced, WAL included.
  expect(await restoreSqlite(join(dir, "backup.db"), live)).toEqual({ kept: `${live}.before-restore` });
  expect(await notesIn(live)).toEqual(["from the backup"]);
  expect(await notesIn(`${live}.before-restore`)).toEqual(["acknowledged", "after the refusal"]);
});

it("a store cannot be opened while a restore holds it, and a restore into an empty folder keeps nothing", async () => {
  const dir = folder();
  await (await storeWith(join(dir, "src.db"), ["restored"])).db.destroy();
  await backupSqlite(join(dir, "src.db"), join(dir, "backup.db"));
  const target = join(dir, "empty", "x.db");
  let openedDuring: unknown = null;
  const outcome = await restoreSqlite(join(dir, "backup.db"), target);
  expect(outcome).toEqual({ kept: null });
  expect(readdirSync(join(dir, "empty")).filter((f) => f.includes("before-restore"))).toEqual([]);
  expect(await notesIn(target)).toEqual(["restored"]);

  // While a restore runs (simulated by holding the exclusive lock), opening waits its busy timeout, then says why.
  await withStoreExclusive(target, async () => {
    openedDuring = (() => {
      try {
        return openDatabase(`file:${target}`, { busyTimeoutMs: 50 });
      } catch (e) {
        return e;
      }
    })();
  });
  expect(String(openedDuring)).toMatch(/being restored from a backup/);
});

it("on PostgreSQL, restore says what to do instead (pg_restore, the service stopped), and there is no --force", async () => {
  const commands = serviceCommands({
    name: "comments",
    configShape: {},
    config: {},
    databaseUrl: "postgres://parlor@db.example/parlor",
    sqliteFile: null,
    migrations: {},
    settingTable: "comment_setting",
  });
  const printed: string[] = [];
  const error = console.error;
  console.error = (...args: unknown[]) => void printed.push(args.join(" "));
  try {
    await runCli("comments", commands, ["restore", "backup.dump"]);
    expect(process.exitCode).toBe(1);
    await runCli("comments", commands, ["restore", "--force", "backup.db"]);
    expect(process.exitCode).toBe(2);
  } finally {
    console.error = error;
    process.exitCode = undefined;
  }
  expect(printed[0]).toBe(
    "comments restore: restore is for the SQLite store; on PostgreSQL stop every instance of the service, run pg_restore --clean --if-exists -d <database> <file> (a dump from pg_dump -Fc), then start the service again",
  );
  expect(printed[1]).toMatch(/^comments restore: Unknown option '--force'/);
});
