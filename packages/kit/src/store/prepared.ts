import { type Compilable, type CompiledQuery, createQueryId, type Kysely } from "kysely";

/**
 * A query built and compiled once per engine, run many times with new values: kysely otherwise builds its tree and
 * compiles it to SQL on every call, which on a hot read (a thread's version check, a page's counts) cost more than
 * running the statement. `build` gets one stand-in per argument and must use each as a plain value (`where(c, "=", x)`,
 * `where(c, "in", xs)`: compiled once per length of the list); the stand-ins' places in the compiled parameters are swapped for the
 * call's values. The SQL text stays the same, so SQLite's statement cache reuses the prepared statement too.
 *
 *   const head = preparedQuery((db: Kysely<CommentsDb>, uri: string) =>
 *     db.selectFrom("comment_thread").select(["version"]).where("uri", "=", uri));
 *   const rows = await head(db, "/post/1");
 */
export function preparedQuery<DB, A extends unknown[], R>(
  build: (db: Kysely<DB>, ...args: A) => Compilable<R>,
): (db: Kysely<DB>, ...args: A) => Promise<R[]> {
  // Per adapter (engine; a transaction shares its database's adapter) and per length of each list argument.
  const compiled = new WeakMap<object, Map<string, { query: CompiledQuery<R>; slots: number[][] }>>();
  return async (db, ...args) => {
    const adapter = db.getExecutor().adapter;
    let shapes = compiled.get(adapter);
    if (!shapes) {
      shapes = new Map();
      compiled.set(adapter, shapes);
    }
    const shape =
      args.length === 1 && !Array.isArray(args[0]) ? "" : args.map((a) => (Array.isArray(a) ? a.length : "")).join();
    let hit = shapes.get(shape);
    if (!hit) {
      const standIns = args.map((a) => (Array.isArray(a) ? a.map(() => ({})) : {}));
      const query = build(db, ...(standIns as A)).compile();
      const slots = standIns.map((s) =>
        (Array.isArray(s) ? s : [s]).map((x) => {
          const at = query.parameters.indexOf(x);
          if (at < 0) throw new Error("preparedQuery: an argument is not used as a plain value");
          return at;
        }),
      );
      hit = { query, slots };
      shapes.set(shape, hit);
    }
    const parameters = [...hit.query.parameters];
    hit.slots.forEach((places, i) => {
      const a = args[i];
      places.forEach((at, j) => {
        parameters[at] = Array.isArray(a) ? a[j] : a;
      });
    });
    const result = await db.executeQuery<R>({ ...hit.query, parameters, queryId: createQueryId() });
    return result.rows;
  };
}
