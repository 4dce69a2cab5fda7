import { createWriteStream } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { type CliCommand, operatorPath } from "@parlor/kit/cli";
import type { Runtime } from "../config.ts";
import { exportComments } from "../transfer/export.ts";
import { withStore } from "./store.ts";

export function exportCommand(rt: Runtime): CliCommand {
  return {
    summary: "export every comment, page and reply-notification address as JSON lines (stdout or --out)",
    usage: `export [--out <file>]

Writes the Parlor format (one JSON object per line: a header, the comments oldest first with every status,
deleted stubs and authors' emails, the pages, the reply-notification addresses). \`import --format parlor\`
reads it back. The file holds personal data: keep it as safe as the database.`,
    options: { out: { type: "string", short: "o" } },
    async run(_args, flags) {
      const out = flags.out as string | undefined;
      await withStore(rt, ({ db }) =>
        pipeline(Readable.from(exportComments(db)), out ? createWriteStream(operatorPath(out)) : process.stdout, {
          end: !!out,
        }),
      );
      if (out) console.error(`exported to ${out}`);
    },
  };
}
