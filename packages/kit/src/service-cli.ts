import type { Kysely, Migration } from "kysely";
import { hashToken, newToken } from "./admin-auth.ts";
import { backupSqlite, restoreSqlite } from "./backup.ts";
import { type CliCommand, CliError } from "./cli.ts";
import { type ConfigShape, describeConfig } from "./config.ts";
import { migrateToLatest, openDatabase } from "./database.ts";
import { putSetting } from "./settings.ts";

export interface ServiceRuntime {
  name: string;
  configShape: ConfigShape;
  config: Record<string, unknown> & { ADMIN_TOKEN?: string };
  databaseUrl: string;
  sqliteFile: string | null;
  migrations: Record<string, Migration>;
  settingTable: string;
}

const mask = (name: string, value: unknown) =>
  value === undefined
    ? "unset"
    : /TOKEN|SECRET|PASSWORD/.test(name)
      ? "(set)"
      : /SMTP_URL|DATABASE_URL/.test(name)
        ? String(value).replace(/\/\/([^:@/]+):[^@/]+@/, "//$1:***@")
        : typeof value === "object"
          ? JSON.stringify(value)
          : String(value);

/**
 * The operator commands every service has, configured like the service: config check, migrate, online SQLite
 * backup and restore, admin token rotation.
 *
 *   await runCli("comments", serviceCommands({ name: "comments", configShape, config, … }));
 */
export function serviceCommands(rt: ServiceRuntime): Record<string, CliCommand> {
  const withDb = async <T>(fn: (db: Kysely<unknown>) => Promise<T>): Promise<T> => {
    const { db } = openDatabase<unknown>(rt.databaseUrl);
    try {
      return await fn(db);
    } finally {
      await db.destroy();
    }
  };
  const sqliteOnly = (what: string) => {
    if (!rt.sqliteFile) throw new CliError(`${what} works on SQLite; on PostgreSQL use pg_dump / pg_restore`);
    return rt.sqliteFile;
  };
  return {
    config: {
      summary: "check the configuration and print what the service would use, without starting it",
      usage: "config",
      async run() {
        const described = new Map(describeConfig(rt.configShape).map((d) => [d.name, d.description]));
        for (const [name, value] of Object.entries(rt.config)) {
          console.log(`${name.padEnd(22)} ${mask(name, value).padEnd(40)} ${described.get(name) ?? ""}`);
        }
        console.log(`${"database".padEnd(22)} ${rt.sqliteFile ?? mask("DATABASE_URL", rt.databaseUrl)}`);
      },
    },
    migrate: {
      summary: "apply the database migrations (the service also does this when it starts)",
      usage: "migrate",
      async run() {
        const applied = await withDb((db) => migrateToLatest(db, rt.name, rt.migrations));
        console.log(applied.length ? `applied: ${applied.join(", ")}` : "the database is up to date");
      },
    },
    backup: {
      summary: "write an online backup of the SQLite database to a file (safe while the service runs)",
      usage: "backup <file>",
      async run([file]) {
        if (!file) throw new CliError("name the backup file: backup <file>");
        const { pages } = await backupSqlite(sqliteOnly("backup"), file);
        console.log(`backed up ${rt.sqliteFile} to ${file} (${pages} pages)`);
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
        if (rt.config.ADMIN_TOKEN) throw new CliError("ADMIN_TOKEN is set in the environment: change it there");
        const token = newToken();
        await withDb(async (db) => {
          await migrateToLatest(db, rt.name, rt.migrations);
          await putSetting(db, rt.settingTable, "admin_token_hash", hashToken(token));
        });
        console.log(`new admin token (shown once; only its hash is kept):\n\n  ${token}\n`);
      },
    },
  };
}
