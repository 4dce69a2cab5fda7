import { runCli } from "@parlor/kit/cli";
import { commentsCommands } from "./cli.commands.ts";
import { loadRuntime } from "./config.ts";

// The operators' command line: `pnpm comments <command>` from the repository root (or
// `pnpm --filter @parlor/comments cli <command>`), configured like the service.
// `dkim` makes the key file DKIM_KEY_FILE names, so it runs before that file exists: the settings are read unchecked.
await runCli("comments", commentsCommands(loadRuntime(process.env, { checks: process.argv[2] !== "dkim" })));
