import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { DEMO_CONSENT_TEXT } from "./demo-page.ts";

export type ServiceName = "comments" | "newsletter";

export const SERVICES: { name: ServiceName; prefix: string; defaultPort: number }[] = [
  { name: "comments", prefix: "COMMENTS", defaultPort: 3001 },
  { name: "newsletter", prefix: "NEWSLETTER", defaultPort: 3002 },
];

/** A service exists in this checkout once its package.json does. */
export function serviceExists(root: string, name: ServiceName): boolean {
  return existsSync(join(root, "services", name, "package.json"));
}

export interface ChildEnvOptions {
  /** The gateway's own origin: what links and redirects point at unless PUBLIC_URL says otherwise. */
  gatewayOrigin: string;
  /** GATEWAY_CHILD_PORTS=0: every child picks a free port (tests run side by side). */
  freePorts: boolean;
  /** Which instance of the service this is (GATEWAY_INSTANCES), from 0: a fixed port is the service's + this. */
  instance?: number;
}

/**
 * The environment of one child. The contract: under the gateway each service takes only its prefixed PORT and
 * DATABASE_URL, so the plain ones are dropped, and where the root .env sets them (the child would read that
 * file itself) the prefixed variable is pinned to what the service would use without them.
 */
export function childEnv(
  service: (typeof SERVICES)[number],
  env: NodeJS.ProcessEnv,
  dotenv: Record<string, string | undefined>,
  options: ChildEnvOptions,
): NodeJS.ProcessEnv {
  const { prefix } = service;
  const pick = (name: string) =>
    [env[`${prefix}_${name}`], env[name], dotenv[`${prefix}_${name}`], dotenv[name]].find(
      (v) => v !== undefined && v !== "",
    );
  const own = (name: string) =>
    [env[`${prefix}_${name}`], dotenv[`${prefix}_${name}`]].find((v) => v !== undefined && v !== "");

  const out: NodeJS.ProcessEnv = { ...env };
  delete out.PORT;
  delete out.DATABASE_URL;
  out.TRUST_PROXY = "1";
  out[`${prefix}_TRUST_PROXY`] = "1"; // the gateway appends the client address; a prefixed "0" would ignore it

  if (options.freePorts) out[`${prefix}_PORT`] = "0";
  else {
    // The next instances take the next ports; port 0 stays 0 (each picks a free one), a bad value stays as set.
    const base = own("PORT") ?? String(service.defaultPort);
    const i = options.instance ?? 0;
    out[`${prefix}_PORT`] = i === 0 || !/^[1-9]\d*$/.test(base) ? base : String(Number(base) + i);
  }
  if (own("DATABASE_URL") === undefined && dotenv.DATABASE_URL) {
    out[`${prefix}_DATABASE_URL`] = `file:${join(pick("DATA_DIR") ?? "./data", `${service.name}.db`)}`;
  }
  // The children sit behind the gateway: loopback is enough, whatever HOST the gateway itself listens on.
  out[`${prefix}_HOST`] = own("HOST") ?? "127.0.0.1";
  if (!pick("PUBLIC_URL")) out[`${prefix}_PUBLIC_URL`] = options.gatewayOrigin;
  // The words the demo page shows by the newsletter's consent box are the words its signups keep.
  if (service.name === "newsletter" && !pick("CONSENT_TEXT")) out[`${prefix}_CONSENT_TEXT`] = DEMO_CONSENT_TEXT;
  return out;
}

/** More than one process per database needs a server: SQLite is one process per file. */
export function sharedDatabaseProblem(service: (typeof SERVICES)[number], env: NodeJS.ProcessEnv, instances: number) {
  const url = env[`${service.prefix}_DATABASE_URL`] ?? "";
  if (instances <= 1 || /^postgres(ql)?:\/\//.test(url)) return null;
  return `GATEWAY_INSTANCES=${instances} needs ${service.prefix}_DATABASE_URL=postgres://… (SQLite is one process per file; got ${url ? JSON.stringify(url.split(":")[0]) : "the default SQLite file"})`;
}

export interface Child {
  name: ServiceName;
  /** How its output and the gateway's lines name it: `comments`, or `comments#2` with several instances. */
  label: string;
  process: ChildProcess;
  /** Where it listens, from its `listening on …` line; rejects if it exits first or stays silent too long. */
  ready: Promise<string>;
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

// If the gateway dies without cleaning up (SIGKILL, a crash), its end of the child's stdin closes; the child
// then stops itself gracefully instead of living on as an orphan holding its port.
const STOP_WHEN_ORPHANED = `data:text/javascript,${encodeURIComponent(
  'process.stdin.on("end",()=>process.kill(process.pid,"SIGTERM"));process.stdin.on("error",()=>{});process.stdin.resume();',
)}`;

/**
 * Starts `services/<name>` as `node --import tsx src/main.ts` (what its `start` script runs, without the tsx
 * CLI in between, so a signal reaches the service itself). Every output line is echoed with a `[label]` prefix
 * (the generated admin token is printed there); the label is the name unless one is given.
 */
export function startChild(
  root: string,
  name: ServiceName,
  env: NodeJS.ProcessEnv,
  options: { timeoutMs?: number; out?: NodeJS.WritableStream; err?: NodeJS.WritableStream; label?: string } = {},
): Child {
  const label = options.label ?? name;
  const out = options.out ?? process.stdout;
  const err = options.err ?? process.stderr;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const child = spawn(process.execPath, ["--import", "tsx", "--import", STOP_WHEN_ORPHANED, "src/main.ts"], {
    cwd: join(root, "services", name),
    env,
    stdio: ["pipe", "pipe", "pipe"],
    // Its own process group: Ctrl-C (or `kill -- -PGID`) reaches the gateway only, which then sends exactly
    // one SIGTERM. A second one, straight from the terminal, would cut the service's graceful shutdown short.
    detached: true,
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const ready = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`${label} printed no "listening on" line within ${timeoutMs} ms`));
      child.kill("SIGTERM");
    }, timeoutMs);
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => {
      out.write(`[${label}] ${line}\n`);
      const m = /^listening on (http:\/\/\S+)$/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    createInterface({ input: child.stderr as NodeJS.ReadableStream }).on("line", (line) =>
      err.write(`[${label}] ${line}\n`),
    );
    child.once("error", (e) => reject(new Error(`${label} could not be started: ${e.message}`)));
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`${label} exited before listening (${signal ?? `code ${code}`})`));
    });
  });
  ready.catch(() => {}); // the caller awaits it; an unawaited rejection must not crash the gateway first
  return { name, label, process: child, ready, exited };
}

/**
 * SIGTERM, then SIGKILL for whatever is still running after `graceMs`. Resolves, once all have exited, with
 * how each of those that were still running ended.
 */
export async function stopChildren(
  children: Child[],
  graceMs = 10_000,
): Promise<{ name: ServiceName; label: string; code: number | null; signal: NodeJS.Signals | null }[]> {
  const running = children.filter(isRunning);
  for (const c of running) c.process.kill("SIGTERM");
  const timer = setTimeout(() => {
    for (const c of running) if (isRunning(c)) c.process.kill("SIGKILL");
  }, graceMs);
  const results = await Promise.all(running.map(async (c) => ({ name: c.name, label: c.label, ...(await c.exited) })));
  clearTimeout(timer);
  return results;
}

export function isRunning(child: Child): boolean {
  return child.process.exitCode === null && child.process.signalCode === null;
}
