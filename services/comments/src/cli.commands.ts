import { type CliCommand, CliError, serviceCommands } from "@parlor/kit/cli";
import { migrateToLatest, openDatabase } from "@parlor/kit/store";
import { dkimCommand } from "@parlor/mail";
import type { Kysely } from "kysely";
import { recordAudit } from "./audit/audit.repository.ts";
import { exportCommand } from "./cli/export.command.ts";
import { importCommand } from "./cli/import.command.ts";
import { moderationCommands } from "./cli/moderation.commands.ts";
import { configShape, type Runtime } from "./config.ts";
import { migrations } from "./db/migrations/index.ts";
import { type CommentsDb, MODERATOR_TABLE, SETTING_TABLE } from "./db/schema.ts";
import { retentionFromConfig } from "./retention/retention.setup.ts";

/** The comments service's operator commands: the kit's (config, migrate, backup, restore, token), purge,
 * dkim, import, export, and the moderation queue (queue, approve, reject, spam). */
export function commentsCommands(runtime: Runtime): Record<string, CliCommand> {
  return {
    ...serviceCommands({
      name: "comments",
      configShape,
      migrations,
      settingTable: SETTING_TABLE,
      moderatorTable: MODERATOR_TABLE,
      audit: (trx, entry) => recordAudit(trx as Kysely<CommentsDb>, entry),
      ...runtime,
    }),
    purge: {
      summary: "run the retention job once: purge old rejected and spam comments, drop old client hashes",
      usage: "purge",
      async run() {
        const store = openDatabase<CommentsDb>(runtime.databaseUrl);
        try {
          await migrateToLatest(store.db as Kysely<unknown>, "comments", migrations);
          const r = await retentionFromConfig({ db: store.db, config: runtime.config, pool: store.pool }).run();
          console.log(
            `purged ${r.deleted} comment(s), kept ${r.stubbed} as empty stubs (they have replies), dropped ${r.hashesDropped} client hash(es)`,
          );
        } catch (e) {
          throw new CliError((e as Error).message);
        } finally {
          await store.db.destroy();
        }
      },
    },
    dkim: dkimCommand(runtime, "COMMENTS"),
    import: importCommand(runtime),
    export: exportCommand(runtime),
    ...moderationCommands(runtime),
  };
}
