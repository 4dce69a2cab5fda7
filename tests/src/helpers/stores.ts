import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";

/**
 * The engines a cross-process test runs on: SQLite always, PostgreSQL when TEST_DATABASE_URL is set. Under
 * CI=true a missing PostgreSQL fails the run instead of quietly testing one engine.
 */
export function testEngines(): ("sqlite" | "postgres")[] {
  if (!process.env.TEST_DATABASE_URL && process.env.CI === "true") {
    throw new Error("CI=true but TEST_DATABASE_URL is not set: these tests run on PostgreSQL too");
  }
  return process.env.TEST_DATABASE_URL ? ["sqlite", "postgres"] : ["sqlite"];
}

/** A service's store as a test reads it beside (or after) the process: SQL with `?` placeholders on both engines. */
export interface ServiceStore {
  engine: "sqlite" | "postgres";
  /** What to give the service as its DATABASE_URL. */
  url: string;
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/**
 * A fresh store for one service: a SQLite file in `dataDir`, or a PostgreSQL database of its own (dropped by
 * `close()`). SQLite is read through a read-only connection per query, which WAL lets run beside the service.
 */
export async function freshStore(
  engine: "sqlite" | "postgres",
  dataDir: string,
  file: "comments.db" | "newsletter.db",
): Promise<ServiceStore> {
  if (engine === "sqlite") {
    const path = join(dataDir, file);
    return {
      engine,
      url: `file:${path}`,
      async query<T>(text: string, params: unknown[] = []) {
        if (!existsSync(path)) return [];
        const db = new Database(path, { readonly: true, fileMustExist: true });
        try {
          return db.prepare(text).all(...params) as T[];
        } finally {
          db.close();
        }
      },
      async close() {},
    };
  }
  const server = process.env.TEST_DATABASE_URL as string;
  const name = `parlor_rel_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.href, max: 2 });
  // `drop database … with (force)` below terminates what is still connected to the store; a pool client still
  // connecting while the pool ended (a loaded machine) then reports 57P01 as an 'error' event, which must not
  // become an uncaught exception of the test run. Any other error of an idle client still is one.
  let closing = false;
  pool.on("error", (err: Error & { code?: string }) => {
    if (!(closing && err.code === "57P01")) throw err;
  });
  return {
    engine,
    url: url.href,
    async query<T>(text: string, params: unknown[] = []) {
      let n = 0;
      const res = await pool.query(
        text.replace(/\?/g, () => `$${++n}`),
        params,
      );
      return res.rows as T[];
    },
    async close() {
      closing = true;
      await pool.end();
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
