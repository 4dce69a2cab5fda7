import { Transform } from "node:stream";
import nodemailer from "nodemailer";
import { parseMailbox } from "../message.ts";
import { CONTENT_ACCESS, toMailOptions } from "./compose.ts";
import { DEFAULT_MAIL_FROM, type DkimOptions, dkimSigning, type MailTransport } from "./transport.ts";

export interface SmtpTransportOptions {
  /** MAIL_FROM, `Name <address>`. */
  from?: string;
  /** Pool size; the worker keeps at most as many sends in flight (default 3). */
  maxConnections?: number;
  /** Optional second throttle inside the pool, messages per second (the worker already paces itself). */
  rateLimit?: number;
  dkim?: DkimOptions;
  connectionTimeoutMs?: number;
  greetingTimeoutMs?: number;
  socketTimeoutMs?: number;
}

/**
 * Sends through a pooled SMTP connection (`smtp://user:pass@host:587`, `smtps://…`). The timeouts are short on
 * purpose: nodemailer's defaults (2 min to connect, 10 min idle) let one stuck relay hold a send, and the
 * worker's lease with it, for minutes.
 *
 *   const transport = createSmtpTransport(config.SMTP_URL, { from: config.MAIL_FROM, maxConnections: 3 });
 */
export function createSmtpTransport(smtpUrl: string, options: SmtpTransportOptions = {}): MailTransport {
  const from = parseMailbox(options.from ?? DEFAULT_MAIL_FROM);
  const transporter = nodemailer.createTransport({
    url: smtpUrl,
    pool: true,
    maxConnections: options.maxConnections ?? 3,
    maxMessages: 100,
    ...(options.rateLimit ? { rateLimit: options.rateLimit, rateDelta: 1000 } : {}),
    connectionTimeout: options.connectionTimeoutMs ?? 10_000,
    greetingTimeout: options.greetingTimeoutMs ?? 10_000,
    socketTimeout: options.socketTimeoutMs ?? 30_000,
    dnsTimeout: 10_000,
    ...(options.dkim ? { dkim: dkimSigning(options.dkim) } : {}),
    ...CONTENT_ACCESS,
  });
  // A message's end (the line after which the relay accepts it) waits for its holdUntil: the stream of each
  // message passes through a transform that ends only then. The pool makes the stream once the message has a
  // connection, so the wait starts no earlier than that.
  transporter.use("stream", (mail, done) => {
    const holdUntil = (mail.data as { holdUntil?: () => Promise<void> }).holdUntil;
    if (holdUntil) mail.message.transform(() => endingAfter(holdUntil));
    done();
  });
  return {
    holdsLastLine: true,
    async send(message, sendOptions = {}) {
      const info = await transporter.sendMail({
        ...toMailOptions(message, from, sendOptions.ref, sendOptions.parts),
        ...(sendOptions.signal ? { signal: sendOptions.signal } : {}),
        ...(sendOptions.holdUntil ? { holdUntil: sendOptions.holdUntil } : {}),
      });
      // One recipient per message: if the relay refused it, nothing was delivered.
      if (info.rejected?.length) {
        throw Object.assign(new Error(`recipient refused: ${info.response}`), { code: "EENVELOPE" });
      }
      return { messageId: info.messageId };
    },
    async close() {
      transporter.close();
    },
  };
}

/**
 * Passes a message through unchanged as one chunk, and ends it only once `holdUntil` has resolved. nodemailer
 * writes each piece of a message (headers, every boundary, every part) to the socket as it comes, a system call
 * each; gathered, the message takes one write and its last line another.
 */
function endingAfter(holdUntil: () => Promise<void>) {
  const chunks: Buffer[] = [];
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
    flush(done) {
      if (chunks.length > 0) this.push(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
      chunks.length = 0;
      holdUntil().then(() => done(), done);
    },
  });
}
