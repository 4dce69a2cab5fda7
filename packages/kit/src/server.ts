import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { Hono } from "hono";
import type { Logger } from "./logger.ts";

export interface RunningServer {
  url: string;
  server: Server;
  /** Stops accepting, lets in-flight requests finish (up to `graceMs`), then runs the service's own cleanup. */
  close(): Promise<void>;
}

/**
 * Listens, prints the contract's `listening on http://HOST:PORT` line (with the port really bound), and
 * installs SIGTERM/SIGINT handlers that shut down gracefully. Only entry files (main.ts) call this.
 */
export async function startServer(
  // biome-ignore lint/suspicious/noExplicitAny: serves any service app, whatever its Env
  app: Hono<any>,
  options: { host: string; port: number; logger: Logger; onClose?: () => Promise<void>; graceMs?: number },
): Promise<RunningServer> {
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: options.host, port: options.port }, () => resolve(s as Server));
    s.once("error", reject);
  }).catch((err: NodeJS.ErrnoException) => {
    // One clear line instead of an unhandled 'error' event and a stack trace.
    const why =
      err.code === "EADDRINUSE"
        ? "the port is already in use"
        : err.code === "EACCES"
          ? "permission denied"
          : err.message;
    process.stderr.write(`cannot listen on ${options.host}:${options.port}: ${why}\n`);
    process.exit(1);
  });
  // A client that trickles its headers or body cannot hold a connection for long.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.keepAliveTimeout = 5_000;
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;
  const url = `http://${host}:${port}`;
  process.stdout.write(`listening on ${url}\n`);

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      const done = new Promise<void>((r) => server.close(() => r()));
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), options.graceMs ?? 10_000);
      await done;
      clearTimeout(timer);
      await options.onClose?.();
    })();
    return closing;
  };
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    // A second signal while shutting down is ignored, so in-flight requests still finish.
    process.on(signal, () => {
      if (closing) return;
      options.logger.info({ signal }, "shutting down");
      close().then(
        () => process.exit(0),
        (err) => {
          options.logger.error({ err }, "shutdown failed");
          process.exit(1);
        },
      );
    });
  }
  return { url, server, close };
}
