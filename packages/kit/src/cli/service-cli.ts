import type { Kysely, Migration } from "kysely";
import { type ConfigShape, describeConfig } from "../config/config.ts";
import { hashToken, newToken } from "../core/tokens.ts";
import { ModeratorName, ModeratorNameText, moderatorStore, type TokenAudit } from "../moderators/moderators.ts";
import { backupSqlite, restoreSqlite } from "../store/backup.ts";
import { migrateToLatest, openDatabase } from "../store/database.ts";
import { putSetting } from "../store/settings.ts";
import { StoreInUse } from "../store/store-lock.ts";
import { type CliCommand, CliError } from "./cli.ts";

export interface ServiceRuntime {
  name: string;
  configShape: ConfigShape;
  config: Record<string, unknown> & { ADMIN_TOKEN?: string };
  databaseUrl: string;
  sqliteFile: string | null;
  migrations: Record<string, Migration>;
  settingTable: string;
  /** The named moderators' table (`token --name`), and what records token changes in the audit log. */
  moderatorTable?: string;
  audit?: TokenAudit;
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
  // On PostgreSQL the database's own tools do this, and do it better (consistent dumps, parallel restore).
  const onPostgres = {
    backup:
      "backup is for the SQLite store; on PostgreSQL take a dump with pg_dump -Fc -f <file> <database> (safe while the service runs)",
    restore:
      "restore is for the SQLite store; on PostgreSQL stop every instance of the service, run pg_restore --clean --if-exists -d <database> <file> (a dump from pg_dump -Fc), then start the service again",
  };
  const sqliteOnly = (what: "backup" | "restore") => {
    if (!rt.sqliteFile) throw new CliError(onPostgres[what]);
    return rt.sqliteFile;
  };
  // Named moderators: the CLI acts as the owner, so its changes are audited as "owner (cli)".
  const moderatorToken = async (flags: Record<string, string | boolean | undefined>) => {
    const table = rt.moderatorTable;
    if (!table) throw new CliError(`${rt.name} has no named moderator tokens`);
    const parseName = (raw: unknown, schema: typeof ModeratorNameText = ModeratorName) => {
      const parsed = schema.safeParse(raw);
      if (!parsed.success) throw new CliError(`bad moderator name: ${parsed.error.issues[0]?.message}`);
      return parsed.data;
    };
    await withDb(async (db) => {
      await migrateToLatest(db, rt.name, rt.migrations);
      const store = moderatorStore(db, table, undefined, rt.audit);
      if (flags.list) {
        for (const m of await store.list()) {
          const state = m.revokedAt ? `revoked ${m.revokedAt}` : `last used ${m.lastUsedAt ?? "never"}`;
          console.log(`${m.name.padEnd(24)} created ${m.createdAt}  ${state}`);
        }
        return;
      }
      if (typeof flags.revoke === "string") {
        const name = parseName(flags.revoke, ModeratorNameText);
        await store.revoke(name, "owner (cli)");
        console.log(`revoked the token of ${name}`);
        return;
      }
      const name = parseName(flags.name);
      const made = await store.issue(name, "owner (cli)", { rotate: true });
      console.log(
        `${made.replaced === "active" ? "new" : "a"} token for moderator ${name} (shown once; only its hash is kept; works at once):\n\n  ${made.token}\n`,
      );
    });
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
      summary: "replace the SQLite database with a backup (refused while the service or any command has it open)",
      usage: "restore <file>",
      async run([file]) {
        if (!file) throw new CliError("name the backup file: restore <file>");
        const target = sqliteOnly("restore");
        let outcome: Awaited<ReturnType<typeof restoreSqlite>>;
        try {
          outcome = await restoreSqlite(file, target);
        } catch (e) {
          throw new CliError(e instanceof StoreInUse ? `refused: ${e.message}` : (e as Error).message);
        }
        console.log(
          outcome.kept
            ? `restored ${file} to ${target}; the database it replaced is kept as ${outcome.kept}`
            : `restored ${file} to ${target} (there was no database there before)`,
        );
      },
    },
    token: {
      summary: "create a new owner token, or (--name) create or rotate a moderator's token, --revoke or --list them",
      usage: "token | token --name <moderator> | token --revoke <moderator> | token --list",
      options: { name: { type: "string" }, revoke: { type: "string" }, list: { type: "boolean" } },
      async run(_args, flags) {
        if (flags.name !== undefined || flags.revoke !== undefined || flags.list) return moderatorToken(flags);
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
