import { join } from "node:path";
import { ADMIN_TOKEN, COMMENTS_DIR, cleanEnv, GATEWAY_DIR, NEWSLETTER_DIR, tsxArgs } from "./env.ts";
import { type StartedProcess, startProcess } from "./process.ts";

/** The comments service alone, as `pnpm --filter @parlor/comments start` runs it, on a free port. */
export function startComments(dataDir: string, vars: Record<string, string | undefined> = {}) {
  const [cmd, args] = tsxArgs(COMMENTS_DIR);
  return startProcess(cmd, args, {
    cwd: COMMENTS_DIR,
    env: cleanEnv({ COMMENTS_PORT: "0", COMMENTS_DATA_DIR: dataDir, ADMIN_TOKEN, ...vars }),
  });
}

/** The newsletter service alone, as `pnpm --filter @parlor/newsletter start` runs it, on a free port. */
export function startNewsletter(dataDir: string, vars: Record<string, string | undefined> = {}) {
  const [cmd, args] = tsxArgs(NEWSLETTER_DIR);
  return startProcess(cmd, args, {
    cwd: NEWSLETTER_DIR,
    env: cleanEnv({ NEWSLETTER_PORT: "0", NEWSLETTER_DATA_DIR: dataDir, ADMIN_TOKEN, ...vars }),
  });
}

export interface StartedGateway extends StartedProcess {
  /** The gateway's own node process (`child` is the tsx CLI in front of it), from `[gateway] starting (pid N)`. */
  gatewayPid: number;
  /** The children's pids and urls, from the gateway's `[gateway] <name> is up at <url> (pid N)` lines. */
  services: Record<string, { url: string; pid: number }>;
  /** Every instance of each service (GATEWAY_INSTANCES), from `[gateway] <name>#<n> is up at …` lines. */
  instances: Record<string, { url: string; pid: number }[]>;
}

/** The dev gateway as `pnpm start` runs it, with itself and every service on a free port. */
export async function startGateway(
  dataDir: string,
  vars: Record<string, string | undefined> = {},
): Promise<StartedGateway> {
  const [cmd, args] = tsxArgs(GATEWAY_DIR);
  const gateway = await startProcess(cmd, args, {
    cwd: GATEWAY_DIR,
    env: cleanEnv({
      GATEWAY_PORT: "0",
      GATEWAY_CHILD_PORTS: "0",
      HOST: "127.0.0.1",
      COMMENTS_DATA_DIR: join(dataDir, "comments"),
      NEWSLETTER_DATA_DIR: join(dataDir, "newsletter"),
      ADMIN_TOKEN,
      ...vars,
    }),
    timeoutMs: 60_000,
  });
  const services: StartedGateway["services"] = {};
  const instances: StartedGateway["instances"] = {};
  for (const m of gateway.stdout().matchAll(/^\[gateway\] (\w+)(?:#\d+)? is up at (\S+) \(pid (\d+)\)$/gm)) {
    const child = { url: m[2], pid: Number(m[3]) };
    services[m[1]] ??= child;
    instances[m[1]] = [...(instances[m[1]] ?? []), child];
  }
  const gatewayPid = Number(/^\[gateway\] starting \(pid (\d+)\)$/m.exec(gateway.stdout())?.[1]);
  return { ...gateway, gatewayPid, services, instances };
}
