import { spawnSync } from "node:child_process";
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { KyselyPlugin } from "kysely";
import { openDatabase } from "../src/store/database.ts";

/** A fresh temporary folder for a test's SQLite file; `cleanup()` removes it. */
export function tempDir(prefix = "parlor-test-") {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

// What a test opened (an app, its store, a worker, a temp folder), closed when that test ends: by the afterEach of
// cleanup.setup.ts, which every test project lists in its setupFiles. Not by an afterEach in a helper module:
// without isolation (vitest's isolate: false) a module runs once per worker, so a hook it registers at its top
// level belongs to the first test file that imported it, and every later file's apps stayed open.
// What a file opens outside any test (in beforeAll, to share one app between its tests) is closed when the file
// ends: closed after the first test instead, the shared app answered 500 to every later test's requests.
const cleanups: (() => unknown)[] = [];
const fileCleanups: (() => unknown)[] = [];
let inTest = false;

/** Runs `f` when the current test ends (the last registered first); called outside a test, when the file ends. */
export function afterThisTest(f: () => unknown) {
  (inTest ? cleanups : fileCleanups).push(f);
}

/** cleanup.setup.ts calls it before each test (and the test's own beforeEach hooks). */
export function testStarts() {
  inTest = true;
}

/** Runs and forgets every pending cleanup of the test (cleanup.setup.ts calls it after each test). */
export async function runCleanups() {
  inTest = false;
  for (const f of cleanups.splice(0).reverse()) await f();
}

/** Runs and forgets what the file opened outside its tests (cleanup.setup.ts calls it after the file). */
export async function runFileCleanups() {
  for (const f of fileCleanups.splice(0).reverse()) await f();
}

/** A clock tests move by hand: `clock.advance(16 * 60_000)`. */
export function fixedClock(start = new Date("2026-05-01T12:00:00.000Z")) {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    advance(ms: number) {
      now += ms;
    },
  };
}
export type TestClock = ReturnType<typeof fixedClock>;

// PostgreSQL for tests. Each package gets a database of its own (`<db>_<package>`), made fresh by its vitest
// global setup and dropped at the end; each app in it gets a schema of its own. Schemas are never dropped while
// tests run: kysely's migrator reads the catalog of every schema, and a schema dropped under it fails the read.

/** The URL of this package's test database, derived from TEST_DATABASE_URL. */
export function pgTestUrl(baseUrl: string, name: string): string {
  const u = new URL(baseUrl);
  u.pathname = `/${u.pathname.slice(1) || "postgres"}_${name}`;
  return u.toString();
}

async function onServer(baseUrl: string, statement: string) {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Global setup: a fresh, empty test database for this package. Returns the teardown that drops it. */
export async function freshPgTestDatabase(baseUrl: string, name: string) {
  const db = new URL(pgTestUrl(baseUrl, name)).pathname.slice(1);
  if (!/^[a-z0-9_]+$/.test(db)) throw new Error(`bad test database name: ${db}`);
  await onServer(baseUrl, `drop database if exists ${db} with (force)`);
  await onServer(baseUrl, `create database ${db}`);
  return () => onServer(baseUrl, `drop database if exists ${db} with (force)`);
}

/** A new schema in this package's test database, for one app. */
export async function newPgTestSchema(baseUrl: string, name: string, prefix: string) {
  const url = pgTestUrl(baseUrl, name);
  const schema = `${prefix}_${Math.random().toString(36).slice(2, 12)}`;
  await onServer(url, `create schema ${schema}`);
  return { url, schema };
}

/**
 * The engine this run tests: SQLite always; a service's `postgres` vitest project sets PARLOR_TEST_ENGINE=postgres
 * (see vitest.engines.ts at the repository root).
 */
export const TEST_ENGINE: "sqlite" | "postgres" = process.env.PARLOR_TEST_ENGINE === "postgres" ? "postgres" : "sqlite";

/**
 * A store for one test app: the SQLite file given, or a schema of its own in this package's PostgreSQL test
 * database (or the schema of another app, to share its store). Schemas stay until the package's run ends.
 */
export async function openTestStore<DB>(options: {
  packageName: string;
  sqliteFile: string;
  schemaPrefix: string;
  busyTimeoutMs?: number;
  sharedSchema?: string | null;
}) {
  if (TEST_ENGINE === "sqlite") {
    return {
      ...openDatabase<DB>(`file:${options.sqliteFile}`, { busyTimeoutMs: options.busyTimeoutMs }),
      schema: null,
    };
  }
  const base = process.env.TEST_DATABASE_URL as string;
  const { url, schema } = options.sharedSchema
    ? { url: pgTestUrl(base, options.packageName), schema: options.sharedSchema }
    : await newPgTestSchema(base, options.packageName, options.schemaPrefix);
  return { ...openDatabase<DB>(url, { schema, poolSize: 4 }), schema: schema as string | null };
}

/**
 * Every table (of this store's schema on PostgreSQL) with a row whose text mentions `needle`, case-insensitively,
 * and the matching rows: what an erasure test scans to prove an address is gone everywhere.
 */
export async function rowsMentioning(
  // biome-ignore lint/suspicious/noExplicitAny: any store
  db: import("kysely").Kysely<any>,
  schema: string | null,
  needle: string,
): Promise<Record<string, unknown[]>> {
  const found: Record<string, unknown[]> = {};
  const tables = (await db.introspection.getTables({ withInternalKyselyTables: true })).filter(
    (t) => !schema || t.schema === schema,
  );
  if (tables.length === 0) throw new Error("no tables found to scan");
  const want = needle.toLowerCase();
  for (const table of tables) {
    const name = schema ? `${schema}.${table.name}` : table.name;
    const rows = await db.selectFrom(name).selectAll().execute();
    const hits = rows.filter((r) => JSON.stringify(r).toLowerCase().includes(want));
    if (hits.length > 0) found[table.name] = hits;
  }
  return found;
}

// Reliability runs. `pnpm test` runs each reliability test short; `pnpm test:reliability` sets RELIABILITY=long
// and RELIABILITY_REPORT (a JSON-lines file) and prints one table from what every test recorded there.

/** True under `pnpm test:reliability`. */
export const RELIABILITY_LONG = process.env.RELIABILITY === "long";

/** `short` under `pnpm test`, `long` under `pnpm test:reliability`. */
export function reliabilitySize<T>(short: T, long: T): T {
  return RELIABILITY_LONG ? long : short;
}

/** One row of the reliability table. Figures a test did not measure are left out. */
export interface ReliabilityRecord {
  /** What was tried, e.g. "crash: 2,000 comments, SIGKILL mid-run (sqlite)". */
  name: string;
  kind: "load" | "fault" | "input" | "timing" | "cpu";
  /** The fault was survived / the load held / no bad input got through. */
  ok: boolean;
  requestsPerSecond?: number;
  p99Ms?: number;
  serverErrors?: number;
  acknowledged?: number;
  lost?: number;
  duplicates?: number;
  inputsTried?: number;
  detail?: string;
}

/** Prints the record, and appends it to RELIABILITY_REPORT when that is set. */
export function recordReliability(record: ReliabilityRecord) {
  console.log(`reliability: ${JSON.stringify(record)}`);
  const file = process.env.RELIABILITY_REPORT;
  if (file) appendFileSync(file, `${JSON.stringify(record)}\n`);
}

/**
 * What a store is asked to do, statement by statement, as `kind table` ("insert subscriber", "select
 * comment_outbox", "raw" for SQL written by hand): give `plugin` to the app's Kysely (`db.withPlugin(spy.plugin)`),
 * then `take()` what ran since the last take. For tests that two requests take the same steps.
 */
export function statementSpy() {
  let seen: string[] = [];
  const tableOf = (node: unknown): string | null => {
    if (node === null || typeof node !== "object") return null;
    const n = node as { kind?: string; table?: { identifier?: { name?: string } } };
    if (n.kind === "TableNode") return n.table?.identifier?.name ?? null;
    for (const value of Object.values(node)) {
      const found = tableOf(value);
      if (found) return found;
    }
    return null;
  };
  const plugin: KyselyPlugin = {
    transformQuery({ node }) {
      const kind = node.kind.replace(/QueryNode$|Node$/, "").toLowerCase();
      seen.push(kind === "raw" ? "raw" : `${kind} ${tableOf(node) ?? "?"}`);
      return node;
    },
    transformResult: async ({ result }) => result,
  };
  return {
    plugin,
    take() {
      const out = seen;
      seen = [];
      return out;
    },
  };
}

/**
 * What two outside validators say of Atom documents: Debian's `jing` against RFC 4287's RELAX NG grammar
 * (fixtures/rfc4287-atom.rnc) and Debian's `python3-feedparser` (a `bozo` parse is a problem). One list per
 * document, empty when valid; all documents in one run of each tool (jing's JVM takes seconds to start). Both must
 * be installed (`.ci/run` does); a missing one throws rather than passing quietly.
 *
 *   expect(atomProblems([await res.text()])).toEqual([[]]);
 */
export function atomProblems(docs: string[]): string[][] {
  const dir = mkdtempSync(join(tmpdir(), "parlor-atom-"));
  const files = docs.map((xml, i) => {
    const file = join(dir, `feed-${i}.xml`);
    writeFileSync(file, xml);
    return file;
  });
  const grammar = fileURLToPath(new URL("../fixtures/rfc4287-atom.rnc", import.meta.url));
  const problems: string[][] = docs.map(() => []);
  try {
    const jing = spawnSync("jing", ["-c", grammar, ...files], { encoding: "utf8" });
    if (jing.error) throw jing.error;
    for (const line of jing.stdout.split("\n")) {
      const i = files.findIndex((f) => line.startsWith(`${f}:`));
      if (i >= 0) problems[i]?.push(`jing: ${line.slice((files[i] as string).length + 1)}`);
    }
    if (jing.status !== 0 && problems.every((p) => p.length === 0)) throw new Error(`jing failed: ${jing.stderr}`);
    const script =
      "import sys, feedparser\nfor f in sys.argv[1:]:\n  d = feedparser.parse(open(f, 'rb').read())\n" +
      "  print(('bozo: %s' % d.get('bozo_exception')).replace('\\n', ' ') if d.bozo else 'ok')";
    // Debian's interpreter, where Debian's python3-feedparser is installed (a pyenv or venv python3 earlier on PATH lacks it).
    const fp = spawnSync("/usr/bin/python3", ["-c", script, ...files], { encoding: "utf8" });
    if (fp.error) throw fp.error;
    if (fp.status !== 0) throw new Error(`python3-feedparser failed: ${fp.stderr}`);
    fp.stdout
      .trim()
      .split("\n")
      .forEach((verdict, i) => {
        if (verdict !== "ok") problems[i]?.push(`feedparser: ${verdict}`);
      });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return problems;
}
