import { resolve } from "node:path";
import { ConfigError, findRepoRoot, loadConfig, resolvePath, runCli, serviceCommands } from "@parlor/kit";
import { configShape } from "./config.ts";
import { migrations } from "./db/migrations/index.ts";
import { MODERATOR_TABLE, SETTING_TABLE } from "./db/schema.ts";

// The operators' command line: `pnpm --filter @parlor/newsletter cli <command>`, configured like the service.
const root = findRepoRoot();
let config: ReturnType<typeof loadConfig<typeof configShape>>;
try {
  config = loadConfig(configShape, { prefix: "NEWSLETTER", rootDir: root });
} catch (e) {
  if (!(e instanceof ConfigError)) throw e;
  console.error(e.problems.map((p) => `newsletter: bad configuration: ${p}`).join("\n"));
  process.exit(2);
}
const given = config.DATABASE_URL ?? `file:${resolve(resolvePath(root, config.DATA_DIR), "newsletter.db")}`;
const sqliteFile = given.startsWith("file:") ? resolvePath(root, given.slice(5)) : null;
await runCli(
  "newsletter",
  serviceCommands({
    name: "newsletter",
    configShape,
    config,
    migrations,
    settingTable: SETTING_TABLE,
    moderatorTable: MODERATOR_TABLE,
    databaseUrl: sqliteFile ? `file:${sqliteFile}` : given,
    sqliteFile,
  }),
);
