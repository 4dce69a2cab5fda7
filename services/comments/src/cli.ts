import { runCli, serviceCommands } from "@parlor/kit";
import { exportCommand } from "./cli/export.command.ts";
import { importCommand } from "./cli/import.command.ts";
import { moderationCommands } from "./cli/moderation.commands.ts";
import { configShape } from "./config.ts";
import { migrations } from "./db/migrations/index.ts";
import { SETTING_TABLE } from "./db/schema.ts";
import { loadRuntime } from "./runtime.ts";

// The operators' command line: `pnpm comments <command>` from the repository root (or
// `pnpm --filter @parlor/comments cli <command>`), configured like the service.
const runtime = loadRuntime();
await runCli("comments", {
  ...serviceCommands({ name: "comments", configShape, migrations, settingTable: SETTING_TABLE, ...runtime }),
  import: importCommand(runtime),
  export: exportCommand(runtime),
  ...moderationCommands(runtime),
});
