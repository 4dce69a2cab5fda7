import { existsSync, readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseEnv } from "node:util";
import { serve } from "@hono/node-server";
import {
  type Child,
  childEnv,
  isRunning,
  SERVICES,
  serviceExists,
  sharedDatabaseProblem,
  startChild,
  stopChildren,
} from "./children.ts";
import { parseArticle } from "./demo-page.ts";
import { createGateway } from "./gateway.ts";
import { Upstreams } from "./upstreams.ts";

// The runner: the only file that reads the environment, opens files and sockets, and handles signals.
const here = dirname(fileURLToPath(import.meta.url));
let root = here;
while (!existsSync(join(root, "pnpm-workspace.yaml")) && dirname(root) !== root) root = dirname(root);

const envFile = join(root, ".env");
const dotenv: Record<string, string | undefined> = existsSync(envFile) ? parseEnv(readFileSync(envFile, "utf8")) : {};
/** The contract's precedence, for the gateway's own settings: GATEWAY_X, X, then the same two from .env. */
const setting = (name: string) =>
  [process.env[`GATEWAY_${name}`], process.env[name], dotenv[`GATEWAY_${name}`], dotenv[name]].find(
    (v) => v !== undefined && v !== "",
  );

const rawPort = setting("PORT") ?? "3000";
const port = Number(rawPort);
if (!/^\d+$/.test(rawPort) || port > 65535) {
  console.error(`gateway: GATEWAY_PORT (or PORT) must be a port number (got ${JSON.stringify(rawPort)})`);
  process.exit(2);
}
const host = setting("HOST") ?? "127.0.0.1";
const childPorts = process.env.GATEWAY_CHILD_PORTS ?? dotenv.GATEWAY_CHILD_PORTS;
if (childPorts !== undefined && childPorts !== "" && childPorts !== "0") {
  console.error(
    `gateway: GATEWAY_CHILD_PORTS must be 0 (each service picks a free port) or unset (got ${JSON.stringify(childPorts)})`,
  );
  process.exit(2);
}
const rawInstances = setting("INSTANCES") ?? "1";
const instances = Number(rawInstances);
if (!/^\d+$/.test(rawInstances) || instances < 1 || instances > 16) {
  console.error(`gateway: GATEWAY_INSTANCES must be a number from 1 to 16 (got ${JSON.stringify(rawInstances)})`);
  process.exit(2);
}
const log = (line: string) => process.stdout.write(`[gateway] ${line}\n`);

const article = parseArticle(readFileSync(join(here, "..", "demo", "article.md"), "utf8"));
const upstreams = new Upstreams();
const app = createGateway({ upstream: (name) => upstreams.next(name), article });

// Bind first: the children need the gateway's real origin (GATEWAY_PORT=0) for their links and redirects.
const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
  const s = serve({ fetch: app.fetch, hostname: host, port }, () => resolve(s));
  s.once("error", reject);
}).catch((e: Error) => {
  console.error(`gateway: cannot listen on ${host}:${port}: ${e.message}`);
  process.exit(1);
});
const bound = (server.address() as AddressInfo).port;
const urlHost = host.includes(":") ? `[${host}]` : host;
const url = `http://${urlHost}:${bound}`;
// A wildcard address is where we listen, not where a browser goes.
const origin = host === "0.0.0.0" || host === "::" ? `http://localhost:${bound}` : url;

const children: Child[] = [];
let stopping = false;

async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  server.close();
  if ("closeIdleConnections" in server) server.closeIdleConnections(); // in-flight requests finish with the children
  const results = await stopChildren(children, 10_000);
  const unclean = results.filter((r) => r.code !== 0);
  for (const r of unclean) log(`${r.label} did not stop cleanly (${r.signal ?? `code ${r.code}`})`);
  process.exit(code || (unclean.length > 0 ? 1 : 0));
}
for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"] as const) {
  // A group signal (Ctrl-C, `kill -- -PGID`) often arrives twice, straight and relayed by the tsx CLI: the
  // second one changes nothing (stopChildren escalates to SIGKILL by itself after 10 s).
  process.on(signal, () => {
    if (stopping) return;
    log(`${signal}: stopping the services`);
    void shutdown(0);
  });
}
// Whatever ends this process, the children do not outlive it.
process.on("exit", () => {
  for (const c of children) if (isRunning(c)) c.process.kill("SIGTERM");
});
// `pnpm start` runs this under the tsx CLI, which relays signals; killed outright (SIGKILL), it relays nothing,
// and this process is handed to a new parent: take that as the signal to stop.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent && !stopping) {
    log("the parent process is gone: stopping the services");
    void shutdown(1);
  }
}, 1_000).unref();
log(`starting (pid ${process.pid})`);

const wanted = SERVICES.filter((s) => serviceExists(root, s.name));
for (const s of SERVICES) if (!wanted.includes(s)) log(`services/${s.name} does not exist: its paths answer 503`);
const envs = wanted.map((s) =>
  Array.from({ length: instances }, (_, instance) =>
    childEnv(s, process.env, dotenv, { gatewayOrigin: origin, freePorts: childPorts === "0", instance }),
  ),
);
const refused = wanted.map((s, i) => sharedDatabaseProblem(s, envs[i][0], instances)).find((p) => p !== null);
if (refused) {
  console.error(`gateway: ${refused}`);
  server.close();
  process.exit(2);
}
wanted.forEach((s, i) => {
  envs[i].forEach((env, n) => {
    const label = instances > 1 ? `${s.name}#${n + 1}` : s.name;
    children.push(startChild(root, s.name, env, { label }));
  });
});
const started = await Promise.allSettled(children.map((c) => c.ready));
const failed = started.filter((r): r is PromiseRejectedResult => r.status === "rejected");
if (failed.length > 0 && !stopping) {
  for (const f of failed) log(`${(f.reason as Error).message}; stopping`);
  void shutdown(1);
}
if (!stopping) announce();

function announce() {
  children.forEach((child, i) => {
    const childUrl = (started[i] as PromiseFulfilledResult<string>).value;
    upstreams.add(child.name, childUrl);
    log(`${child.label} is up at ${childUrl} (pid ${child.process.pid})`);
    // One service gone means a half-working system that looks fine at a glance: stop everything instead.
    void child.exited.then(({ code, signal }) => {
      upstreams.remove(child.name, childUrl);
      if (stopping) return;
      log(`${child.label} exited (${signal ?? `code ${code}`}); stopping the gateway`);
      void shutdown(1);
    });
  });
  process.stdout.write(`listening on ${url}\n`);
  log(`the demo article: ${origin}${article.path}`);
}
