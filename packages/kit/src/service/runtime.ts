import { resolve } from "node:path";
import { z } from "zod";
import { ConfigError, type ConfigShape, findRepoRoot, loadConfig, resolvePath } from "../config/config.ts";
import { publicUrlProblem } from "../config/public-url.ts";

/** What every service reads from its configuration before it opens anything. */
export interface ServiceRuntime<C> {
  root: string;
  config: C;
  dataDir: string;
  /** `file:/abs/path.db` or `postgres://…`. */
  databaseUrl: string;
  /** The SQLite file, or null on PostgreSQL. */
  sqliteFile: string | null;
}

/** The settings the runtime reads from any service's configuration. */
interface BaseConfig {
  DATA_DIR: string;
  DATABASE_URL?: string;
  PUBLIC_URL?: string;
  SMTP_URL?: string;
}

/**
 * Reads and checks a service's configuration the way its runner and its CLI both need it: the variables of `shape`
 * by prefix (`COMMENTS_PORT`, then `PORT`, then .env, then the default), then `checks` (each returns a problem or
 * null: settings that are wrong only together), then the data folder and the database. A bad value exits with one
 * line per problem (exit code 2).
 *
 *   const runtime = loadServiceRuntime({ name: "comments", prefix: "COMMENTS", shape: configShape,
 *     databaseFile: "comments.db", checks: [webhookConfigProblem] });
 */
export function loadServiceRuntime<S extends ConfigShape, C extends BaseConfig>(options: {
  name: string;
  prefix: string;
  shape: S;
  /** The SQLite file under DATA_DIR when DATABASE_URL is unset. */
  databaseFile: string;
  checks?: ((config: C, root: string) => string | null)[];
  env?: NodeJS.ProcessEnv;
}): ServiceRuntime<C> {
  const env = options.env ?? process.env;
  const root = findRepoRoot();
  const fail = (problems: string[]): never => {
    console.error(problems.map((p) => `${options.name}: bad configuration: ${p}`).join("\n"));
    process.exit(2);
  };
  let config = {} as C;
  try {
    config = loadConfig(options.shape, { prefix: options.prefix, rootDir: root, env }) as unknown as C;
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    fail(e.problems);
  }
  const problems = [
    publicUrlProblem(options.prefix, config.PUBLIC_URL, env.NODE_ENV, config.SMTP_URL),
    ...(options.checks ?? []).map((check) => {
      try {
        return check(config, root);
      } catch (e) {
        return (e as Error).message;
      }
    }),
  ].filter((p): p is string => p !== null);
  if (problems.length > 0) fail(problems);
  const dataDir = resolvePath(root, config.DATA_DIR);
  const given = config.DATABASE_URL ?? `file:${resolve(dataDir, options.databaseFile)}`;
  const sqliteFile = given.startsWith("file:") && given !== "file::memory:" ? resolvePath(root, given.slice(5)) : null;
  return { root, config, dataDir, databaseUrl: sqliteFile ? `file:${sqliteFile}` : given, sqliteFile };
}

/**
 * A service's configuration functions from its schema: `defaultConfig(overrides)` (every default applied: what
 * tests start from) and `loadRuntime(env)` (loadServiceRuntime with the service's name, prefix, database file and
 * checks).
 *
 *   export const { defaultConfig, loadRuntime } = serviceConfig<typeof configShape, CommentsConfig>({
 *     name: "comments", prefix: "COMMENTS", shape: configShape, databaseFile: "comments.db", checks });
 */
export function serviceConfig<S extends ConfigShape, C extends BaseConfig>(options: {
  name: string;
  prefix: string;
  shape: S;
  databaseFile: string;
  checks?: ((config: C, root: string) => string | null)[];
}) {
  return {
    defaultConfig: (overrides: Partial<C> = {}): C => ({ ...(z.object(options.shape).parse({}) as C), ...overrides }),
    /** `checks: false` skips the cross-setting checks (the `dkim` command makes the key file they look for). */
    loadRuntime: (env: NodeJS.ProcessEnv = process.env, opts: { checks?: boolean } = {}): ServiceRuntime<C> =>
      loadServiceRuntime<S, C>({ ...options, ...(opts.checks === false ? { checks: [] } : {}), env }),
  };
}
