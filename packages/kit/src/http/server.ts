import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerOptions,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { Hono } from "hono";
import type { Logger } from "../core/logger.ts";
import { withFastLanes } from "./fast-lane.ts";

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
  options: {
    host: string;
    port: number;
    logger: Logger;
    onClose?: () => Promise<void>;
    graceMs?: number;
    /** From the service's REQUEST_TIMEOUT, HEADERS_TIMEOUT and MAX_CONNECTIONS settings (serverConfigShape). */
    limits?: { REQUEST_TIMEOUT: number; HEADERS_TIMEOUT: number; MAX_CONNECTIONS: number };
  },
): Promise<RunningServer> {
  const limits = options.limits ?? { REQUEST_TIMEOUT: 30_000, HEADERS_TIMEOUT: 10_000, MAX_CONNECTIONS: 1000 };
  // A client that trickles its headers or body, or stops reading the answer, cannot hold a connection for long.
  // Node checks the request and headers timeouts only every `connectionsCheckingInterval` (30 s by default), so
  // that is tied to the timeouts too; `timeout` cuts a socket with no traffic either way (a client not reading).
  const serverOptions = {
    requestTimeout: limits.REQUEST_TIMEOUT,
    headersTimeout: Math.min(limits.HEADERS_TIMEOUT, limits.REQUEST_TIMEOUT),
    connectionsCheckingInterval: Math.max(100, Math.min(1_000, limits.HEADERS_TIMEOUT / 4)),
    // Below `timeout`, so an idle kept-alive connection is closed by the keep-alive rule clients are told of
    // (Keep-Alive: timeout=…), never cut under a client about to reuse it.
    keepAliveTimeout: Math.min(5_000, limits.REQUEST_TIMEOUT / 2),
  };
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve(
      {
        fetch: app.fetch,
        hostname: options.host,
        port: options.port,
        serverOptions,
        // Hono's listener, behind the pipelining limit and the app's fast lanes (fastRead).
        createServer: ((opts: ServerOptions, hono: RequestListener) =>
          createServer(opts, limitPipelining(withFastLanes(app, hono)))) as typeof createServer,
      },
      () => resolve(s as Server),
    );
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
  server.timeout = limits.REQUEST_TIMEOUT;
  server.maxConnections = limits.MAX_CONNECTIONS;
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;
  const url = `http://${host}:${port}`;

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
  // Only now that a signal shuts down gracefully: a supervisor (or a test) may stop the service the moment it
  // reads this line, and a SIGTERM before the handlers are in place would kill it with its WAL files left behind.
  process.stdout.write(`listening on ${url}\n`);
  return { url, server, close };
}

/** No browser or proxy pipelines HTTP/1.1 requests; a client that does is cut off past this many waiting. */
export const MAX_PIPELINED = 16;

/**
 * The request listener, closing a connection that has more than MAX_PIPELINED requests waiting for their answers.
 * Node reads every request of a pipelined burst before answering any, and buffers every answer a client does not
 * read: 100 KB of requests for a 40 KB script held 64 MB of the server's memory per connection, each queued write
 * counted as activity so the idle timeout never fired, and the burst kept the CPU busy for seconds. The requests
 * of a burst still queued when its connection is closed are not run at all.
 */
function limitPipelining(listener: (req: IncomingMessage, res: ServerResponse) => unknown) {
  const waiting = new WeakMap<object, number>();
  return (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket;
    if (socket.destroyed) {
      // nobody is left to read it
      res.statusCode = 400;
      res.end();
      return;
    }
    const n = (waiting.get(socket) ?? 0) + 1;
    waiting.set(socket, n);
    res.once("close", () => waiting.set(socket, (waiting.get(socket) ?? 1) - 1));
    if (n > MAX_PIPELINED) {
      socket.destroy();
      res.statusCode = 400;
      res.end();
      return;
    }
    listener(req, res);
  };
}
