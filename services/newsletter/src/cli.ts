import { createWriteStream } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { type CliCommand, operatorPath, runCli, serviceCommands } from "@parlor/kit/cli";
import { migrateToLatest, openDatabase } from "@parlor/kit/store";
import { dkimCommand } from "@parlor/mail";
import { configShape, loadRuntime } from "./config.ts";
import { migrations } from "./db/migrations/index.ts";
import { MODERATOR_TABLE, type NewsletterDb, SETTING_TABLE } from "./db/schema.ts";
import { exportConsentCsv } from "./subscribers/consent-export.ts";
import { exportCsv } from "./subscribers/csv-export.ts";

// The operators' command line: `pnpm newsletter <command>` from the repository root (or
// `pnpm --filter @parlor/newsletter cli <command>`), configured like the service.
// `dkim` makes the key file DKIM_KEY_FILE names, so it runs before that file exists: the settings are read unchecked.
const runtime = loadRuntime(process.env, { checks: process.argv[2] !== "dkim" });
const { config, databaseUrl, sqliteFile } = runtime;

/** Streams `lines` to --out or stdout, on a migrated database opened for this command. */
function exportCommand(
  summary: string,
  usage: string,
  lines: (db: ReturnType<typeof openDatabase<NewsletterDb>>["db"]) => Readable,
): CliCommand {
  return {
    summary,
    usage,
    options: { out: { type: "string", short: "o" } },
    async run(_args, flags) {
      const out = flags.out as string | undefined;
      const { db } = openDatabase<NewsletterDb>(databaseUrl, { busyTimeoutMs: config.BUSY_TIMEOUT, poolSize: 2 });
      try {
        await migrateToLatest(db as never, "newsletter", migrations);
        await pipeline(lines(db), out ? createWriteStream(operatorPath(out)) : process.stdout, { end: !!out });
      } finally {
        await db.destroy();
      }
      if (out) console.error(`exported to ${out}`);
    },
  };
}

await runCli("newsletter", {
  ...serviceCommands({
    name: "newsletter",
    configShape,
    migrations,
    settingTable: SETTING_TABLE,
    moderatorTable: MODERATOR_TABLE,
    ...runtime,
  }),
  dkim: dkimCommand(runtime, "NEWSLETTER"),
  subscribers: exportCommand(
    "export every subscriber as CSV (the console's export), to stdout or --out",
    "subscribers [--out <file>]\n\ncolumns: email,name,status,source,createdAt,confirmedAt,unsubscribedAt,flags,reason",
    (db) => Readable.fromWeb(exportCsv({ db, sqliteFile }) as never),
  ),
  consent: exportCommand(
    "export every consent record (what each person agreed to, when, from where) as CSV",
    "consent [--out <file>]\n\ncolumns: email,status,kind,consentedAt,source,clientAddress,consentText\n(kind: signup, confirm or import; one person has one row per record)",
    (db) => Readable.from(exportConsentCsv(db)),
  ),
});
