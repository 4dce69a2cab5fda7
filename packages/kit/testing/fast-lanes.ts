import { createServer, type IncomingMessage, request, type ServerOptions, type ServerResponse } from "node:http";
import { type AddressInfo, connect } from "node:net";
import { getRequestListener } from "@hono/node-server";
import { withFastLanes } from "../src/http/index.ts";
import { afterThisTest } from "./index.ts";

// What the fast-lane tests of both services share: the app served on both roads (its fast lanes, and
// @hono/node-server alone), and requests that see an answer as the client gets it, byte for byte.

/** An answer as the client got it: its status, every header as sent (in order and spelling) but Date, its bytes. */
export type Answer = { status: number; headers: string[]; body: Buffer };

/** An answer as text, with what differs between two equal requests masked (see `sameAside`, `noncesAside`). */
export type AnswerText = { status: number; headers: string[]; body: string };

type Listener = (req: IncomingMessage, res: ServerResponse) => unknown;

/** Serves `listener` on 127.0.0.1 at a free port, closed when the test ends; resolves with the port. */
export async function listen(listener: Listener, options: ServerOptions = {}): Promise<number> {
  const server = createServer(options, listener);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  afterThisTest(() => new Promise<void>((r) => server.close(() => r())));
  return (server.address() as AddressInfo).port;
}

/** The app served twice: with its fast lanes (counting what reaches Hono), and by @hono/node-server alone. */
export async function bothRoads(
  t: { app: { fetch: Parameters<typeof getRequestListener>[0] } },
  options?: ServerOptions,
) {
  let toHono = 0;
  const hono = getRequestListener(t.app.fetch);
  const fast = await listen(
    withFastLanes(t.app, (req, res) => {
      toHono++;
      return hono(req, res);
    }),
    options,
  );
  const plain = await listen(hono, options);
  return { fast, plain, toHono: () => toHono };
}

/** One request to 127.0.0.1:`port` (with X-Request-Id: t-1 unless `headers` says otherwise), answered as an `Answer`. */
export function send(
  port: number,
  path: string,
  headers: Record<string, string> = {},
  method = "GET",
  body?: string | Buffer,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method, headers: { "x-request-id": "t-1", ...headers } });
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const raw = res.rawHeaders.filter((_, i, all) => all[i - (i % 2)] !== "Date");
        resolve({ status: res.statusCode ?? 0, headers: raw, body: Buffer.concat(chunks) });
      });
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** A JSON post as a client sends it: its Content-Length unless `headers` says chunked. */
export function postJson(
  port: number,
  path: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const sized: Record<string, string> = headers["transfer-encoding"]
    ? {}
    : { "content-length": String(Buffer.byteLength(body)) };
  return send(port, path, { "content-type": "application/json", ...sized, ...headers }, "POST", body);
}

const NONCE = /nonce-[\w+/=-]+|nonce="[\w+/=-]+"/g;

/** An answer as text with its CSP nonces (new on every page) masked: all else must match byte for byte. */
export function noncesAside(a: Answer): AnswerText {
  const mask = (text: string) => text.replace(NONCE, "<nonce>");
  return { status: a.status, headers: a.headers.map(mask), body: mask(a.body.toString()) };
}

/**
 * An answer as text with what differs between two posts of the same thing masked: ids, edit tokens, the clock's times
 * (the same length, so Content-Length still has to match) and nonces.
 */
export function sameAside(a: Answer): AnswerText {
  const mask = (text: string) =>
    text
      .replace(/[0-9A-HJKMNP-TV-Z]{26}/g, "<id>")
      .replace(/"editToken":"[^"]+"/g, '"editToken":"<token>"')
      .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, "<time>")
      .replace(NONCE, "<nonce>");
  return { status: a.status, headers: a.headers.map(mask), body: mask(a.body.toString()) };
}

/**
 * Writes `text` as is on a new socket to 127.0.0.1:`port` (then half-closes it when `halfClose`), and resolves with
 * all the server wrote back until it closed: for what node's client will not send (repeated headers, pipelining).
 */
export function rawRequest(port: number, text: string, { halfClose = false } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = "";
    const socket = connect(port, "127.0.0.1", () => (halfClose ? socket.end(text) : socket.write(text)));
    socket.on("data", (d) => {
      out += d.toString();
    });
    socket.on("end", () => resolve(out));
    socket.on("error", reject);
  });
}
