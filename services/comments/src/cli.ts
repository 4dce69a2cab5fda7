import { runCli } from "@parlor/kit/cli";
import { commentsCommands } from "./cli.commands.ts";
import { loadRuntime } from "./config.ts";

// The operators' command line: `pnpm comments <command>` from the repository root (or
// `pnpm --filter @parlor/comments cli <command>`), configured like the service.
await runCli("comments", commentsCommands(loadRuntime()));
