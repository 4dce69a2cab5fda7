import { connect, type Socket } from "node:net";
import { recordReliability } from "@parlor/kit/testing";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { removeTempDirs, tempDir } from "../helpers/env.ts";
import type { StartedProcess } from "../helpers/process.ts";
import { startComments, startNewsletter } from "../helpers/servers.ts";

// Slow clients: a request body or headers trickled a byte a second, and a client that asks for a lot and never
// reads the answer. Short timeouts here so a run takes seconds; the defaults are 30 s and 10 s.
const REQUEST_TIMEOUT = 3_000;
const HEADERS_TIMEOUT = 2_000;
const SLOW = 50;
// Node checks the timeouts on an interval (tied to HEADERS_TIMEOUT / 4 by the kit) and the machine is shared.
const SLACK = 3_000;

const running: StartedProcess[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await Promise.all(running.splice(0).map((p) => p.stop()));
});
afterAll(removeTempDirs);

interface Slow {
  socket: Socket;
  /** Milliseconds from the first byte to the server closing the connection (null while open). */
  closedAfter: () => number | null;
  received: () => string;
}

/** A raw connection that sends `head` and then `drip` one byte a second, for as long as it stays open. */
function trickle(url: string, head: string, drip: string): Promise<Slow> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    sockets.push(socket);
    const began = performance.now();
    let closedAt: number | null = null;
    let received = "";
    let timer: NodeJS.Timeout | undefined;
    socket.setEncoding("utf8");
    socket.on("data", (s: string) => {
      received += s;
    });
    socket.on("error", () => {});
    socket.on("close", () => {
      closedAt = performance.now();
      clearInterval(timer);
    });
    socket.once("connect", () => {
      socket.write(head);
      let i = 0;
      timer = setInterval(() => {
        if (!socket.destroyed) socket.write(drip[i++ % drip.length]);
      }, 1_000);
      resolve({ socket, closedAfter: () => (closedAt === null ? null : closedAt - began), received: () => received });
    });
    socket.once("error", reject);
  });
}

async function timed(what: Promise<Response>) {
  const began = performance.now();
  const res = await what;
  await res.arrayBuffer();
  return { status: res.status, ms: performance.now() - began };
}

const limits = (prefix: string) => ({
  [`${prefix}_REQUEST_TIMEOUT`]: `${REQUEST_TIMEOUT}ms`,
  [`${prefix}_HEADERS_TIMEOUT`]: `${HEADERS_TIMEOUT}ms`,
  [`${prefix}_RATE_LIMIT`]: "0",
  [`${prefix}_SOFT_RATE_LIMIT`]: "0",
  [`${prefix}_LOG_LEVEL`]: "warn",
});

describe("slow clients cannot hold a service", () => {
  it("50 clients trickling a comment body a byte a second: a normal reader is answered at once, and each slow one is cut off", async () => {
    const service = await startComments(await tempDir("slow-body"), limits("COMMENTS"));
    running.push(service);
    const head =
      "POST /v1/comments HTTP/1.1\r\nHost: blog.example\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n";
    const slow = await Promise.all(Array.from({ length: SLOW }, () => trickle(service.url, head, '{"uri":"/a"   ')));
    await new Promise((r) => setTimeout(r, 1_000)); // every slow client is now mid-body

    const read = await timed(fetch(`${service.url}/v1/comments?uri=/blog/slow`));
    const post = await timed(
      fetch(`${service.url}/v1/comments`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ uri: "/blog/slow", author: { name: "Ann" }, body: "Still answering?" }),
      }),
    );
    expect(read.status).toBe(200);
    expect(post.status).toBe(201);
    expect(slow.every((s) => s.closedAfter() === null)).toBe(true); // they were all still hanging meanwhile

    await new Promise((r) => setTimeout(r, REQUEST_TIMEOUT + SLACK));
    const cut = slow.map((s) => s.closedAfter());
    const answered408 = slow.filter((s) => s.received().startsWith("HTTP/1.1 408")).length;
    console.log(
      `slow bodies: ${SLOW} trickling; meanwhile GET ${read.ms.toFixed(0)} ms, POST ${post.ms.toFixed(0)} ms; ` +
        `all cut off after ${Math.max(...cut.map((ms) => ms ?? Number.POSITIVE_INFINITY)).toFixed(0)} ms at most ` +
        `(REQUEST_TIMEOUT ${REQUEST_TIMEOUT} ms), ${answered408} with a 408`,
    );
    recordReliability({
      kind: "fault",
      name: `slow clients: ${SLOW} request bodies at 1 byte/s (comments)`,
      ok: cut.every((ms) => ms !== null) && read.ms < 2_000 && post.ms < 2_000,
      detail: `normal GET ${read.ms.toFixed(0)} ms, POST ${post.ms.toFixed(0)} ms meanwhile; all cut off`,
    });
    expect(cut.filter((ms) => ms === null)).toEqual([]);
    for (const ms of cut) expect(ms).toBeLessThan(REQUEST_TIMEOUT + SLACK);
    expect(read.ms).toBeLessThan(2_000);
    expect(post.ms).toBeLessThan(2_000);
  });

  it("50 clients trickling their headers are cut off by the headers timeout while a signup still goes through", async () => {
    const service = await startNewsletter(await tempDir("slow-headers"), {
      ...limits("NEWSLETTER"),
      NEWSLETTER_ADDRESS_RATE_LIMIT: "0",
      NEWSLETTER_NETWORK_RATE_LIMIT: "0",
    });
    running.push(service);
    const slow = await Promise.all(
      Array.from({ length: SLOW }, () => trickle(service.url, "GET /v1/issues HTTP/1.1\r\n", "X-Slow: aaaa\r\n")),
    );
    await new Promise((r) => setTimeout(r, 500));
    const signup = await timed(
      fetch(`${service.url}/v1/subscriptions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: "ann@example.com", consent: true }),
      }),
    );
    expect(signup.status).toBe(202);
    expect(signup.ms).toBeLessThan(2_000);
    await new Promise((r) => setTimeout(r, HEADERS_TIMEOUT + SLACK));
    const cut = slow.map((s) => s.closedAfter());
    console.log(
      `slow headers: ${SLOW} trickling; meanwhile a signup took ${signup.ms.toFixed(0)} ms; cut off after ` +
        `${Math.max(...cut.map((ms) => ms ?? Number.POSITIVE_INFINITY)).toFixed(0)} ms at most (HEADERS_TIMEOUT ${HEADERS_TIMEOUT} ms)`,
    );
    recordReliability({
      kind: "fault",
      name: `slow clients: ${SLOW} request headers at 1 byte/s (newsletter)`,
      ok: cut.every((ms) => ms !== null && ms < HEADERS_TIMEOUT + SLACK),
      detail: `a signup took ${signup.ms.toFixed(0)} ms meanwhile`,
    });
    expect(cut.filter((ms) => ms === null)).toEqual([]);
    for (const ms of cut) expect(ms).toBeLessThan(HEADERS_TIMEOUT + SLACK);
  });

  it("clients that ask for megabytes and never read them are dropped, and others are served meanwhile", async () => {
    const service = await startComments(await tempDir("slow-reader"), limits("COMMENTS"));
    running.push(service);
    const loader = await (await fetch(`${service.url}/comments/embed.js`)).text();
    const bundle = `/comments/assets/${/parlor\.[0-9a-f]+\.js/.exec(loader)?.[0]}`;
    const size = (await (await fetch(`${service.url}${bundle}`)).arrayBuffer()).byteLength;
    // Far more than the kernel buffers of a loopback connection hold (net.ipv4.tcp_rmem allows 32 MB on Linux).
    const pipelined = Math.ceil((64 * 1024 * 1024) / size);
    const { hostname, port } = new URL(service.url);
    const stalled = await Promise.all(
      Array.from({ length: 10 }, async () => {
        const socket = connect(Number(port), hostname);
        sockets.push(socket);
        socket.on("error", () => {});
        await new Promise((r) => socket.once("connect", r));
        socket.pause(); // never reads
        socket.write(`GET ${bundle} HTTP/1.1\r\nHost: blog.example\r\n\r\n`.repeat(pipelined));
        return socket;
      }),
    );
    await new Promise((r) => setTimeout(r, 1_000));
    const read = await timed(fetch(`${service.url}/v1/comments?uri=/blog/slow`));
    expect(read.status).toBe(200);
    expect(read.ms).toBeLessThan(2_000);

    // The server has given up on them: reading now drains what was buffered (if anything), then the end.
    const drained = await Promise.all(
      stalled.map(
        (socket) =>
          new Promise<{ bytes: number; closed: boolean }>((resolve) => {
            if (socket.closed) return resolve({ bytes: 0, closed: true });
            let bytes = 0;
            socket.on("data", (b: Buffer) => {
              bytes += b.length;
            });
            const timer = setTimeout(() => resolve({ bytes, closed: false }), 5_000);
            socket.once("close", () => {
              clearTimeout(timer);
              resolve({ bytes, closed: true });
            });
            socket.resume();
          }),
      ),
    );
    const full = pipelined * size;
    console.log(
      `stalled readers: 10 clients asked for ${pipelined} × ${size} bytes each and read none; a reader meanwhile ` +
        `took ${read.ms.toFixed(0)} ms; each was dropped having been sent at most ` +
        `${Math.max(...drained.map((d) => d.bytes))} bytes`,
    );
    recordReliability({
      kind: "fault",
      name: "slow clients: 10 connections never reading 64 MB (comments)",
      ok: drained.every((d) => d.closed && d.bytes < full),
      detail: `a reader took ${read.ms.toFixed(0)} ms meanwhile`,
    });
    for (const d of drained) {
      expect(d.closed).toBe(true);
      expect(d.bytes).toBeLessThan(full);
    }
  });
});
