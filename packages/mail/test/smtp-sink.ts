import type { AddressInfo } from "node:net";
import { createServer } from "node:net";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface Delivery {
  mail: ParsedMail;
  /** The message exactly as it came over the wire (for DKIM verification). */
  raw: Buffer;
  mailFrom: string;
  rcptTo: string[];
}

type Reply = { code: number; message: string };

/**
 * A real SMTP server on 127.0.0.1 (port 0 unless given) that parses what it accepts. It can refuse the next
 * N messages (`failNext(3, 451)`), refuse every message (`failAlways(550)`), or sit on a reply (`delayMs`).
 */
export async function startSmtpSink(options: { port?: number } = {}) {
  const deliveries: Delivery[] = [];
  const planned: Reply[] = [];
  let always: Reply | null = null;
  let delayMs = 0;
  let dataCommands = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    closeTimeout: 200,
    onData(stream, session, done) {
      dataCommands++;
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      const raw = new Promise<Buffer>((resolve, reject) => {
        stream.on("end", () => resolve(Buffer.concat(chunks)));
        stream.on("error", reject);
      });
      raw
        .then(async (bytes) => ({ bytes, mail: await simpleParser(bytes) }))
        .then(
          async ({ bytes, mail }) => {
            if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
            const reply = planned.shift() ?? always;
            if (reply) return done(Object.assign(new Error(reply.message), { responseCode: reply.code }));
            deliveries.push({
              mail,
              raw: bytes,
              mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
              rcptTo: session.envelope.rcptTo.map((a) => a.address),
            });
            done();
          },
          (err) => done(err),
        );
    },
  });
  // A client killed mid-conversation (the crash tests do that) resets its socket; smtp-server reports it as an
  // 'error' event, which must not become an uncaught exception in the test process.
  server.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code !== "ECONNRESET" && err.code !== "EPIPE") throw err;
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    deliveries,
    /** DATA commands seen, accepted or not. */
    get attempts() {
      return dataCommands;
    },
    failNext(count: number, code = 451, message = "4.3.0 Try again later") {
      for (let i = 0; i < count; i++) planned.push({ code, message });
    },
    failAlways(code = 550, message = "5.1.1 No such user here") {
      always = { code, message };
    },
    setDelay(ms: number) {
      delayMs = ms;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
export type SmtpSink = Awaited<ReturnType<typeof startSmtpSink>>;

/** A port nothing listens on (for "the relay is down"); a sink can be started on it later. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", () => resolve()));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
