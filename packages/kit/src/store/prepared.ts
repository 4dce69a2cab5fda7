import { type Compilable, type CompiledQuery, createQueryId, type Kysely, type QueryResult } from "kysely";
import { type DirectSqlite, directSqlite } from "./database.ts";

/**
 * A query built and compiled once per engine, run many times with new values: kysely otherwise builds its tree and
 * compiles it to SQL on every call, which on a hot read (a thread's version check, a page's counts) cost more than
 * running the statement. `build` gets one stand-in per argument and must use each as a plain value (`where(c, "=", x)`,
 * `where(c, "in", xs)`: compiled once per length of the list; `values(row)`: once per set of columns given); the
 * stand-ins' places in the compiled parameters are swapped for the call's values. The SQL text stays the same, so SQLite's statement cache reuses the prepared statement too.
 *
 *   const head = preparedQuery((db: Kysely<CommentsDb>, uri: string) =>
 *     db.selectFrom("comment_thread").select(["version"]).where("uri", "=", uri));
 *   const rows = await head(db, "/post/1");
 */
export function preparedQuery<DB, A extends unknown[], R>(
  build: (db: Kysely<DB>, ...args: A) => Compilable<R>,
): (db: Kysely<DB>, ...args: A) => Promise<R[]> {
  const run = prepared(build);
  return async (db, ...args) => (await run(db, ...args)).rows;
}

/**
 * preparedQuery for an insert, update or delete whose answer is how many rows it changed (an insert that does
 * nothing on conflict: 0), as `executeTakeFirst()`'s numInsertedOrUpdatedRows / numUpdatedRows / numDeletedRows.
 *
 *   const insertIfNew = preparedWrite((db: Kysely<Db>, row: Insertable<SubscriberTable>) =>
 *     db.insertInto("subscriber").values(row).onConflict((oc) => oc.column("email_key").doNothing()));
 *   const inserted = (await insertIfNew(db, row)) > 0;
 */
export function preparedWrite<DB, A extends unknown[], R>(
  build: (db: Kysely<DB>, ...args: A) => Compilable<R>,
): (db: Kysely<DB>, ...args: A) => Promise<number> {
  const run = prepared(build);
  return async (db, ...args) => Number((await run(db, ...args)).numAffectedRows ?? 0);
}

function prepared<DB, A extends unknown[], R>(
  build: (db: Kysely<DB>, ...args: A) => Compilable<R>,
): (db: Kysely<DB>, ...args: A) => Promise<QueryResult<R>> {
  // Per adapter (engine; a transaction shares its database's adapter) and per shape of the arguments.
  const compiled = new WeakMap<object, Map<string, { query: CompiledQuery<R>; slots: number[][][] }>>();
  return (db, ...args) => {
    const executor = db.getExecutor();
    // A plugin sees each query when it compiles, so with one (a test's statement spy) every call compiles anew.
    if (executor.plugins.length > 0) return db.executeQuery(build(db, ...args).compile());
    const adapter = executor.adapter;
    let shapes = compiled.get(adapter);
    if (!shapes) {
      shapes = new Map();
      compiled.set(adapter, shapes);
    }
    const shape = args.map(shapeOf).join(";");
    let hit = shapes.get(shape);
    if (!hit) {
      const standIns = args.map(standInFor);
      const query = build(db, ...(standIns as A)).compile();
      const slots = standIns.map((s, i) =>
        partsOf(s, args[i]).map((x) => {
          // Every place of a value (one used twice, as in an upsert's insert and update, fills both).
          const places = query.parameters.flatMap((p, at) => (p === x ? [at] : []));
          if (places.length === 0) throw new Error("preparedQuery: an argument is not used as a plain value");
          return places;
        }),
      );
      hit = { query, slots };
      shapes.set(shape, hit);
    }
    const parameters = [...hit.query.parameters];
    hit.slots.forEach((places, i) => {
      const values = partsOf(args[i]);
      places.forEach((ats, j) => {
        for (const at of ats) parameters[at] = values[j];
      });
    });
    const direct = directSqlite(db);
    if (direct && (direct.holder || !direct.handle.inTransaction))
      return runDirect<R>(direct, hit.query.sql, parameters);
    return db.executeQuery<R>({ ...hit.query, parameters, queryId: createQueryId() });
  };
}

/**
 * A compiled statement run straight on a SQLite store's handle, answering as kysely's SQLite driver does (its
 * `executeQuery`): kysely's connection queue and query pipeline cost more than a small indexed query itself.
 */
function runDirect<R>(direct: DirectSqlite, text: string, parameters: readonly unknown[]): Promise<QueryResult<R>> {
  try {
    const statement = direct.prepare(text);
    if (statement.reader) return Promise.resolve({ rows: statement.all(parameters) as R[] });
    const { changes, lastInsertRowid } = statement.run(parameters);
    return Promise.resolve({ rows: [], numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid) });
  } catch (err) {
    return Promise.reject(err);
  }
}

// An argument is a value, a list of values, or a row (a plain object: `insertInto(t).values(row)`); a row's
// columns left undefined are left out of the insert, as kysely does, so they are part of its shape.
const isRow = (a: unknown): a is Record<string, unknown> =>
  typeof a === "object" && a !== null && !Array.isArray(a) && Object.getPrototypeOf(a) === Object.prototype;
const rowKeys = (row: Record<string, unknown>) => Object.keys(row).filter((k) => row[k] !== undefined);
const shapeOf = (a: unknown) => (Array.isArray(a) ? `[${a.length}]` : isRow(a) ? `{${rowKeys(a).join()}}` : "");
const standInFor = (a: unknown): unknown =>
  Array.isArray(a) ? a.map(() => ({})) : isRow(a) ? Object.fromEntries(rowKeys(a).map((k) => [k, {}])) : {};
/** The values of `a`, in the order of its stand-in's; `like` (the call's own argument) says which kind it is. */
const partsOf = (a: unknown, like: unknown = a): unknown[] =>
  Array.isArray(like)
    ? (a as unknown[])
    : isRow(like)
      ? rowKeys(like).map((k) => (a as Record<string, unknown>)[k])
      : [a];
