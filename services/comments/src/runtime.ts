import { resolve } from "node:path";
import { ConfigError, findRepoRoot, loadConfig, publicUrlProblem, resolvePath } from "@parlor/kit";
import { dkimFromConfig } from "@parlor/mail";
import { webhookConfigProblem } from "@parlor/webhooks";
import { type CommentsConfig, configShape } from "./config.ts";

export interface Runtime {
  root: string;
  config: CommentsConfig;
  dataDir: string;
  /** `file:/abs/path.db` or `postgres://…`. */
  databaseUrl: string;
  /** The SQLite file, or null on PostgreSQL. */
  sqliteFile: string | null;
}

/**
 * Reads and checks the configuration the way the service and its CLI both need it; a bad value exits with one
 * line per bad variable (exit code 2).
 */
export function loadRuntime(env: NodeJS.ProcessEnv = process.env): Runtime {
  const root = findRepoRoot();
  let config: CommentsConfig;
  try {
    config = loadConfig(configShape, { prefix: "COMMENTS", rootDir: root, env });
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    console.error(e.problems.map((p) => `comments: bad configuration: ${p}`).join("\n"));
    process.exit(2);
  }
  const insecureLinks = publicUrlProblem("COMMENTS", config.PUBLIC_URL, env.NODE_ENV, config.SMTP_URL);
  if (insecureLinks) {
    console.error(`comments: bad configuration: ${insecureLinks}`);
    process.exit(2);
  }
  const webhookProblem = webhookConfigProblem(config);
  if (webhookProblem) {
    console.error(`comments: bad configuration: ${webhookProblem}`);
    process.exit(2);
  }
  try {
    dkimFromConfig(config, root, "COMMENTS"); // a missing key file stops the start here, not after listening
  } catch (e) {
    console.error(`comments: bad configuration: ${(e as Error).message}`);
    process.exit(2);
  }
  const dataDir = resolvePath(root, config.DATA_DIR);
  const given = config.DATABASE_URL ?? `file:${resolve(dataDir, "comments.db")}`;
  const sqliteFile = given.startsWith("file:") ? resolvePath(root, given.slice(5)) : null;
  return { root, config, dataDir, databaseUrl: sqliteFile ? `file:${sqliteFile}` : given, sqliteFile };
}
