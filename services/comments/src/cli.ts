import {
  backupSqlite,
  CliError,
  describeConfig,
  hashToken,
  migrateToLatest,
  newToken,
  openDatabase,
  putSetting,
  restoreSqlite,
  runCli,
} from "@parlor/kit";
import type { Kysely } from "kysely";
import { configShape } from "./config.ts";
import { migrations } from "./db/migrations/index.ts";
import { type CommentsDb, SETTING_TABLE } from "./db/schema.ts";
import { loadRuntime } from "./runtime.ts";

// The operators' command line: `pnpm --filter @parlor/comments cli <command>`, configured like the service.
const runtime = loadRuntime();

async function withDb<T>(fn: (db: Kysely<CommentsDb>) => Promise<T>): Promise<T> {
  const { db } = openDatabase<CommentsDb>(runtime.databaseUrl);
  try {
    return await fn(db);
  } finally {
    await db.destroy();
  }
}

function sqliteOnly(what: string): string {
  if (!runtime.sqliteFile) throw new CliError(`${what} works on SQLite; on PostgreSQL use pg_dump / pg_restore`);
  return runtime.sqliteFile;
}

const mask = (name: string, value: unknown) =>
  value === undefined
    ? "unset"
    : name === "ADMIN_TOKEN"
      ? "(set)"
      : name === "SMTP_URL"
        ? String(value).replace(/\/\/([^:@/]+):[^@/]+@/, "//$1:***@")
        : typeof value === "object"
          ? JSON.stringify(value)
          : String(value);

await runCli("comments", {
  config: {
    summary: "check the configuration and print what the service would use, without starting it",
    usage: "config",
    async run() {
      const described = new Map(describeConfig(configShape).map((d) => [d.name, d.description]));
      for (const [name, value] of Object.entries(runtime.config)) {
        console.log(`${name.padEnd(22)} ${mask(name, value).padEnd(40)} ${described.get(name) ?? ""}`);
      }
      console.log(
        `${"database".padEnd(22)} ${runtime.sqliteFile ?? runtime.databaseUrl.replace(/:[^:@/]+@/, ":***@")}`,
      );
    },
  },
  migrate: {
    summary: "apply the database migrations (the service also does this when it starts)",
    usage: "migrate",
    async run() {
      const applied = await withDb((db) => migrateToLatest(db as Kysely<unknown>, "comments", migrations));
      console.log(applied.length ? `applied: ${applied.join(", ")}` : "the database is up to date");
    },
  },
  backup: {
    summary: "write an online backup of the SQLite database to a file (safe while the service runs)",
    usage: "backup <file>",
    async run([file]) {
      if (!file) throw new CliError("name the backup file: backup <file>");
      const { pages } = await backupSqlite(sqliteOnly("backup"), file);
      console.log(`backed up ${runtime.sqliteFile} to ${file} (${pages} pages)`);
    },
  },
  restore: {
    summary: "replace the SQLite database with a backup (stop the service first)",
    usage: "restore <file>",
    async run([file]) {
      if (!file) throw new CliError("name the backup file: restore <file>");
      const target = sqliteOnly("restore");
      await restoreSqlite(file, target);
      console.log(`restored ${file} to ${target}; the previous file is kept as ${target}.before-restore`);
    },
  },
  token: {
    summary: "create a new admin token (replaces the old one; restart the service to apply it)",
    usage: "token",
    async run() {
      if (runtime.config.ADMIN_TOKEN) throw new CliError("ADMIN_TOKEN is set in the environment: change it there");
      const token = newToken();
      await withDb(async (db) => {
        await migrateToLatest(db as Kysely<unknown>, "comments", migrations);
        await putSetting(db, SETTING_TABLE, "admin_token_hash", hashToken(token));
      });
      console.log(`new admin token (shown once; only its hash is kept):\n\n  ${token}\n`);
    },
  },
});
