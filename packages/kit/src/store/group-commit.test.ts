import { join } from "node:path";
import { type Kysely, sql } from "kysely";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { tempDir } from "../../testing/index.ts";
import { isStoreUnavailable, openDatabase } from "./database.ts";
import { createWriteBatcher, groupCommit } from "./group-commit.ts";

interface Db {
  note: { id: string; body: string };
}

const pgUrl = process.env.TEST_DATABASE_URL;
if (!pgUrl && process.env.CI === "true") throw new Error("CI=true but TEST_DATABASE_URL is not set");
const dirs: (() => void)[] = [];
const schemas: string[] = [];
afterAll(async () => {
  for (const cleanup of dirs) cleanup();
  if (pgUrl && schemas.length > 0) {
    const client = new pg.Client({ connectionString: pgUrl });
    await client.connect();
    for (const s of schemas) await client.query(`drop schema if exists ${s} cascade`);
    await client.end();
  }
});

/** A store with one table, opened anew by `reopen()` on the same file or schema. */
async function store(engine: "sqlite" | "postgres") {
  let url: string;
  let schema: string | undefined;
  if (engine === "sqlite") {
    const { dir, cleanup } = tempDir("parlor-gc-");
    dirs.push(cleanup);
    url = `file:${join(dir, "x.db")}`;
  } else {
    schema = `kit_gc_${Math.random().toString(36).slice(2, 10)}`;
    schemas.push(schema);
    const client = new pg.Client({ connectionString: pgUrl });
    await client.connect();
    await client.query(`create schema ${schema}`);
    await client.end();
    url = pgUrl as string;
  }
  const open = () => openDatabase<Db>(url, { schema, poolSize: 4, busyTimeoutMs: 50 });
  const first = open();
  await sql`create table note (id text primary key, body text not null)`.execute(first.db);
  return { ...first, open };
}

const ids = async (db: Kysely<Db>) =>
  (await db.selectFrom("note").select("id").orderBy("id").execute()).map((r) => r.id);

const engines: ("sqlite" | "postgres")[] = ["sqlite", ...(pgUrl ? (["postgres"] as const) : [])];

describe.each(engines)("group commit on %s", (engine) => {
  it("one caller's failure rolls back only its own writes and rejects only its promise", async () => {
    const { db } = await store(engine);
    const writes = createWriteBatcher(db, { batch: true });
    const boom = new Error("screen said no");
    const results = await Promise.allSettled([
      writes.run(async (trx) => {
        await trx.insertInto("note").values({ id: "a", body: "kept" }).execute();
        return "a";
      }),
      writes.run(async (trx) => {
        await trx.insertInto("note").values({ id: "b", body: "undone" }).execute();
        throw boom;
      }),
      // A database error (duplicate key) inside a savepoint: on PostgreSQL it would doom the whole transaction.
      writes.run(async (trx) => {
        await trx.insertInto("note").values({ id: "c", body: "undone too" }).execute();
        await trx.insertInto("note").values({ id: "a", body: "duplicate" }).execute();
      }),
      writes.run(async (trx) => {
        await trx.insertInto("note").values({ id: "d", body: "kept" }).execute();
        return "d";
      }),
    ]);
    expect(results[0]).toEqual({ status: "fulfilled", value: "a" });
    expect(results[1]).toEqual({ status: "rejected", reason: boom });
    expect(results[2].status).toBe("rejected");
    expect(results[3]).toEqual({ status: "fulfilled", value: "d" });
    expect(await ids(db)).toEqual(["a", "d"]);
    await db.destroy();
  });

  it("every write that resolved is there after the store is closed and opened again", async () => {
    const first = await store(engine);
    const writes = createWriteBatcher(first.db, { batch: true });
    const n = 300; // more than one batch
    await Promise.all(
      Array.from({ length: n }, (_, i) =>
        writes.run((trx) =>
          trx
            .insertInto("note")
            .values({ id: String(i).padStart(4, "0"), body: "x" })
            .execute(),
        ),
      ),
    );
    await first.db.destroy();
    const again = first.open();
    expect((await ids(again.db)).length).toBe(n);
    await again.db.destroy();
  });

  it("groupCommit has writeTransaction's call shape and passes results through", async () => {
    const { db } = await store(engine);
    const [x, y] = await Promise.all([
      groupCommit(db, async (trx) => {
        await trx.insertInto("note").values({ id: "x", body: "1" }).execute();
        return 1;
      }),
      groupCommit(db, async (trx) => (await trx.selectFrom("note").selectAll().execute()).length),
    ]);
    expect(x).toBe(1);
    expect(y).toBeGreaterThanOrEqual(0);
    expect(await ids(db)).toEqual(["x"]);
    await db.destroy();
  });
});

describe("group commit when the store cannot take writes", () => {
  it("a locked SQLite file rejects every caller of the batch with SQLITE_BUSY (answered 503), and nothing is written", async () => {
    const { db, sqlite, open } = await store("sqlite");
    const other = open(); // a second connection (a CLI import, a backup) holds the write lock
    other.sqlite?.exec("BEGIN IMMEDIATE");
    const writes = createWriteBatcher(db);
    const results = await Promise.allSettled(
      ["p", "q"].map((id) => writes.run((trx) => trx.insertInto("note").values({ id, body: "x" }).execute())),
    );
    for (const r of results) {
      expect(r.status).toBe("rejected");
      expect(isStoreUnavailable((r as PromiseRejectedResult).reason)).toBe(true);
    }
    other.sqlite?.exec("ROLLBACK");
    expect(await ids(db)).toEqual([]);
    // …and the batcher works again once the lock is gone.
    await writes.run((trx) => trx.insertInto("note").values({ id: "r", body: "x" }).execute());
    expect(await ids(db)).toEqual(["r"]);
    expect(sqlite?.inTransaction).toBe(false);
    await other.db.destroy();
    await db.destroy();
  });
});

describe("group commit on a SQLite file in WAL mode", () => {
  it("answers a batch only once its WAL file is flushed, and the process runs on meanwhile", async () => {
    const { db, sqlite } = await store("sqlite");
    const flushes: string[] = [];
    let flushed = () => {};
    const writes = createWriteBatcher(db, {
      syncWal: (file) => {
        flushes.push(file);
        return new Promise<void>((resolve) => {
          flushed = resolve;
        });
      },
    });
    let answered = false;
    const write = writes
      .run((trx) => trx.insertInto("note").values({ id: "a", body: "x" }).execute())
      .then(() => {
        answered = true;
      });
    await new Promise((resolve) => setTimeout(resolve, 30)); // timers fire: the flush does not hold the process
    expect(flushes).toEqual([`${sqlite?.name}-wal`]);
    expect(answered).toBe(false);
    // The connection's own level is back: a write outside group commit still waits for the disk itself.
    expect(sqlite?.pragma("synchronous", { simple: true })).toBe(2);
    // A batch's savepoints journal the pages they change in memory, not in a temporary file written page by page.
    expect(sqlite?.pragma("temp_store", { simple: true })).toBe(2);
    flushed();
    await write;
    expect(answered).toBe(true);
    expect(await ids(db)).toEqual(["a"]);
    await db.destroy();
  });

  it("a flush that fails rejects every caller of its batch as the store being unavailable (503)", async () => {
    const { db } = await store("sqlite");
    const writes = createWriteBatcher(db, { syncWal: async () => Promise.reject(new Error("EIO")) });
    const results = await Promise.allSettled(
      ["p", "q"].map((id) => writes.run((trx) => trx.insertInto("note").values({ id, body: "x" }).execute())),
    );
    for (const r of results) {
      expect(r.status).toBe("rejected");
      expect(isStoreUnavailable((r as PromiseRejectedResult).reason)).toBe(true);
    }
    await db.destroy();
  });

  it("with the real flush (fdatasync of the WAL file), every write answered is in the file for another connection", async () => {
    const { db, open } = await store("sqlite");
    const n = 120;
    await Promise.all(
      Array.from({ length: n }, (_, i) =>
        groupCommit(db, (trx) =>
          trx
            .insertInto("note")
            .values({ id: String(i).padStart(4, "0"), body: "x" })
            .execute(),
        ),
      ),
    );
    const other = open();
    expect((await ids(other.db)).length).toBe(n);
    await other.db.destroy();
    await db.destroy();
  });
});
