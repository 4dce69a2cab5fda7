import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { type Kysely, sql } from "kysely";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { tempDir } from "../../testing/index.ts";
import { changeStamp, openDatabase } from "./database.ts";
import { preparedQuery, preparedWrite } from "./prepared.ts";
import { writeTransaction } from "./transaction.ts";

interface Db {
  page: { uri: string; total: number; note: string | null };
}

const pgUrl = process.env.TEST_DATABASE_URL;
if (!pgUrl && process.env.CI === "true") throw new Error("CI=true but TEST_DATABASE_URL is not set");
const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

async function store(engine: "sqlite" | "postgres") {
  let url: string;
  let schema: string | undefined;
  if (engine === "sqlite") {
    const { dir, cleanup } = tempDir("parlor-prep-");
    cleanups.push(cleanup);
    url = `file:${join(dir, "x.db")}`;
  } else {
    schema = `kit_prep_${Math.random().toString(36).slice(2, 10)}`;
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    url = pgUrl as string;
    cleanups.push(async () => {
      const c = new pg.Client({ connectionString: pgUrl });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    });
  }
  const opened = openDatabase<Db>(url, { schema, poolSize: 2, busyTimeoutMs: 50 });
  cleanups.unshift(() => opened.db.destroy());
  await sql`create table page (uri text primary key, total integer not null, note text)`.execute(opened.db);
  await opened.db
    .insertInto("page")
    .values([
      { uri: "/a", total: 1, note: "x" },
      { uri: "/b", total: 2, note: null },
      { uri: "/c", total: 3, note: "x" },
    ])
    .execute();
  return opened.db;
}

const totalOf = preparedQuery((db: Kysely<Db>, uri: string, note: string) =>
  db.selectFrom("page").select(["uri", "total"]).where("uri", "=", uri).where("note", "=", note),
);
const totalsOf = preparedQuery((db: Kysely<Db>, uris: string[]) =>
  db.selectFrom("page").select(["uri", "total"]).where("uri", "in", uris).orderBy("uri"),
);

const engines: ("sqlite" | "postgres")[] = ["sqlite", ...(pgUrl ? (["postgres"] as const) : [])];

describe.each(engines)("preparedQuery on %s", (engine) => {
  it("answers each call with its own values, compiled once per engine and list length, inside transactions too", async () => {
    const db = await store(engine);
    expect(await totalOf(db, "/a", "x")).toEqual([{ uri: "/a", total: 1 }]);
    expect(await totalOf(db, "/c", "x")).toEqual([{ uri: "/c", total: 3 }]);
    expect(await totalOf(db, "/b", "x")).toEqual([]);
    // Concurrent calls do not share their values.
    const both = await Promise.all([totalOf(db, "/a", "x"), totalOf(db, "/c", "x")]);
    expect(both.map((r) => r[0]?.total)).toEqual([1, 3]);
    expect(await totalsOf(db, ["/a", "/b"])).toEqual([
      { uri: "/a", total: 1 },
      { uri: "/b", total: 2 },
    ]);
    expect(await totalsOf(db, ["/c", "/b", "/zz"])).toEqual([
      { uri: "/b", total: 2 },
      { uri: "/c", total: 3 },
    ]);
    expect(await totalsOf(db, ["/c"])).toEqual([{ uri: "/c", total: 3 }]);
    // A transaction sees its own writes through the same compiled query.
    await writeTransaction(db, async (trx) => {
      await trx.updateTable("page").set({ total: 9 }).where("uri", "=", "/a").execute();
      expect(await totalOf(trx, "/a", "x")).toEqual([{ uri: "/a", total: 9 }]);
    });
  });

  it("inserts rows through one compiled insert per set of columns given", async () => {
    const db = await store(engine);
    const insert = preparedQuery((d: Kysely<Db>, row: Db["page"] | Omit<Db["page"], "note">) =>
      d.insertInto("page").values(row),
    );
    await insert(db, { uri: "/d", total: 4, note: "y" });
    await insert(db, { uri: "/e", total: 5, note: null });
    await insert(db, { uri: "/f", total: 6 });
    const rows = await db.selectFrom("page").selectAll().where("uri", ">=", "/d").orderBy("uri").execute();
    expect(rows).toEqual([
      { uri: "/d", total: 4, note: "y" },
      { uri: "/e", total: 5, note: null },
      { uri: "/f", total: 6, note: null },
    ]);
  });

  it("answers a write with how many rows it changed: an insert that does nothing on conflict, an update", async () => {
    const db = await store(engine);
    const insertIfNew = preparedWrite((d: Kysely<Db>, row: Db["page"]) =>
      d
        .insertInto("page")
        .values(row)
        .onConflict((oc) => oc.column("uri").doNothing()),
    );
    const setNote = preparedWrite((d: Kysely<Db>, changes: { note: string | null }, total: number) =>
      d.updateTable("page").set(changes).where("total", "<=", total),
    );
    // One value in two places (the insert's and the update's): both take each call's value.
    const upsert = preparedWrite((d: Kysely<Db>, uri: string, note: string) =>
      d
        .insertInto("page")
        .values({ uri, total: 1, note })
        .onConflict((oc) => oc.column("uri").doUpdateSet((eb) => ({ total: eb("page.total", "+", 1), note }))),
    );
    expect(await upsert(db, "/h", "first")).toBe(1);
    expect(await upsert(db, "/h", "second")).toBe(1);
    expect(await db.selectFrom("page").select(["total", "note"]).where("uri", "=", "/h").execute()).toEqual([
      { total: 2, note: "second" },
    ]);
    await db.deleteFrom("page").where("uri", "=", "/h").execute();
    expect(await insertIfNew(db, { uri: "/g", total: 7, note: null })).toBe(1);
    expect(await insertIfNew(db, { uri: "/g", total: 8, note: "again" })).toBe(0);
    expect(await setNote(db, { note: "low" }, 2)).toBe(2);
    expect(await setNote(db, { note: null }, 0)).toBe(0);
    const rows = await db.selectFrom("page").select(["uri", "total", "note"]).orderBy("uri").execute();
    expect(rows).toEqual([
      { uri: "/a", total: 1, note: "low" },
      { uri: "/b", total: 2, note: "low" },
      { uri: "/c", total: 3, note: "x" },
      { uri: "/g", total: 7, note: null },
    ]);
  });

  it("never answers from a transaction still open: a read of the store waits for its commit or rollback", async () => {
    const db = await store(engine);
    let release = () => {};
    const held = new Promise<void>((r) => {
      release = r;
    });
    let wrote = () => {};
    const written = new Promise<void>((r) => {
      wrote = r;
    });
    const failing = writeTransaction(db, async (trx) => {
      await trx.updateTable("page").set({ total: 99 }).where("uri", "=", "/a").execute();
      wrote();
      await held;
      throw new Error("rolled back");
    });
    await written;
    const read = totalOf(db, "/a", "x");
    const readNow = await Promise.race([read, new Promise((r) => setTimeout(() => r("waiting"), 50))]);
    // SQLite has one connection, so the read waits for the transaction; PostgreSQL reads what was committed.
    if (readNow !== "waiting") expect(readNow).toEqual([{ uri: "/a", total: 1 }]);
    release();
    await expect(failing).rejects.toThrow("rolled back");
    expect(await read).toEqual([{ uri: "/a", total: 1 }]);
    expect(await totalOf(db, "/a", "x")).toEqual([{ uri: "/a", total: 1 }]);
  });

  it("refuses a query that does not use an argument as a plain value", async () => {
    const db = await store(engine);
    const unused = preparedQuery((d: Kysely<Db>, _uri: string) => d.selectFrom("page").select("uri"));
    await expect(unused(db, "/a")).rejects.toThrow(/not used as a plain value/);
  });
});

describe("changeStamp", () => {
  it("changes with every write, by this connection or another, and is null while a transaction is open", async () => {
    const db = await store("sqlite");
    const first = changeStamp(db);
    expect(first).not.toBeNull();
    expect(changeStamp(db)).toBe(first);
    await db.updateTable("page").set({ total: 5 }).where("uri", "=", "/a").execute();
    const second = changeStamp(db);
    expect(second).not.toBe(first);
    // Another connection to the same file (another process, a CLI import) is seen too.
    const file = (await sql<{ file: string }>`select file from pragma_database_list where name = 'main'`.execute(db))
      .rows[0].file;
    const other = openDatabase<Db>(`file:${file}`);
    await other.db.updateTable("page").set({ total: 6 }).where("uri", "=", "/a").execute();
    await other.db.destroy();
    const third = changeStamp(db);
    expect(third).not.toBe(second);
    // A write that changes no row leaves it as it was.
    await db.updateTable("page").set({ total: 7 }).where("uri", "=", "/none").execute();
    expect(changeStamp(db)).toBe(third);
    await writeTransaction(db, async (trx) => {
      expect(changeStamp(db)).toBeNull();
      expect(changeStamp(trx)).toBeNull();
    });
  });

  it("is read from the WAL-index header, without a statement, and sees another process's commit", async () => {
    const db = await store("sqlite");
    const file = (await sql<{ file: string }>`select file from pragma_database_list where name = 'main'`.execute(db))
      .rows[0].file;
    const first = changeStamp(db);
    // The header's 48 bytes (a stamp from the pragma reads "<data_version>.<total_changes>").
    expect(first).toHaveLength(48);
    // The operator's CLI, or sqlite3, in a process of its own.
    const sqlite = createRequire(import.meta.url).resolve("better-sqlite3");
    const write = (statement: string) =>
      execFileSync(process.execPath, [
        "-e",
        `const D = require(${JSON.stringify(sqlite)}); const d = new D(${JSON.stringify(file)}); d.exec(${JSON.stringify(statement)}); d.close();`,
      ]);
    write("update page set total = 8 where uri = '/a'");
    const second = changeStamp(db);
    expect(second).toHaveLength(48);
    expect(second).not.toBe(first);
    write("update page set total = 9 where uri = '/none'");
    expect(changeStamp(db)).toBe(second);
    const memory = openDatabase<Db>("file::memory:");
    cleanups.push(() => memory.db.destroy());
    expect(changeStamp(memory.db)).toMatch(/^\d+\.\d+$/);
  });

  it.runIf(pgUrl)("is null on PostgreSQL, where other instances write without a trace here", async () => {
    expect(changeStamp(await store("postgres"))).toBeNull();
  });
});
