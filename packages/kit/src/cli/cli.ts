import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { maskAddresses } from "../core/logger.ts";

export interface CliCommand {
  summary: string;
  usage: string;
  /** Throw CliError for a clear one-line failure; return normally for exit 0. */
  run(args: string[], flags: Record<string, string | boolean | undefined>): Promise<void>;
  options?: Record<string, { type: "string" | "boolean"; short?: string }>;
}

export class CliError extends Error {}

/**
 * A small subcommand runner for a service's operator CLI: `--help` everywhere, one clear line and exit 1 on
 * failure, exit 2 on a usage error.
 *
 *   await runCli("comments", { backup: { summary: "…", usage: "backup <file>", run: async ([file]) => … } });
 */
export async function runCli(name: string, commands: Record<string, CliCommand>, argv = process.argv.slice(2)) {
  const [command, ...rest] = argv;
  const help = () => {
    const lines = Object.entries(commands).map(([n, c]) => `  ${n.padEnd(10)} ${c.summary}`);
    return `usage: pnpm --filter @parlor/${name} cli <command> [options]\n\ncommands:\n${lines.join("\n")}\n\n--help after a command shows its usage.`;
  };
  if (!command || command === "--help" || command === "-h" || command === "help") {
    console.log(help());
    return;
  }
  const cmd = commands[command];
  if (!cmd) {
    console.error(`${name}: unknown command "${command}"\n\n${help()}`);
    process.exitCode = 2;
    return;
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { help: { type: "boolean", short: "h" }, ...(cmd.options ?? {}) },
    });
  } catch (e) {
    console.error(`${name} ${command}: ${(e as Error).message}\nusage: ${cmd.usage}`);
    process.exitCode = 2;
    return;
  }
  if (parsed.values.help) {
    console.log(`${cmd.summary}\n\nusage: ${cmd.usage}`);
    return;
  }
  try {
    await cmd.run(parsed.positionals, parsed.values as Record<string, string | boolean | undefined>);
  } catch (e) {
    // Its stderr may be a log (cron, a systemd unit): an address in the failure (an import's bad row) is masked.
    console.error(`${name} ${command}: ${maskAddresses(e instanceof Error ? e.message : String(e))}`);
    process.exitCode = 1;
  }
}

/**
 * A path the operator typed, resolved against the folder pnpm was started in (pnpm runs the script inside the
 * package and passes that folder as INIT_CWD; from the repository root, `pnpm comments …` resolves against the root).
 */
export function operatorPath(path: string): string {
  return resolve(process.env.INIT_CWD ?? process.cwd(), path);
}
