import { runCli, serviceCommands } from "@parlor/kit";
import { configShape } from "./config.ts";
import { migrations } from "./db/migrations/index.ts";
import { SETTING_TABLE } from "./db/schema.ts";
import { loadRuntime } from "./runtime.ts";

// The operators' command line: `pnpm --filter @parlor/comments cli <command>`, configured like the service.
const runtime = loadRuntime();
await runCli(
  "comments",
  serviceCommands({ name: "comments", configShape, migrations, settingTable: SETTING_TABLE, ...runtime }),
);
