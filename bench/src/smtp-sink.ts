import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

// What a client that goes away mid-conversation leaves: smtp-server reports it as an 'error' event on the server,
// which would crash the bench (an EventEmitter with no 'error' listener throws). A service the bench stops with
// pooled SMTP connections open does exactly that.
const RESET = new Set(["ECONNRESET", "EPIPE", "ECONNABORTED", "ETIMEDOUT"]);

/**
 * A local relay that accepts every message and keeps only counts: how many arrived, to how many distinct
 * recipients (a difference is a duplicate delivery), and how many connections a client reset. It survives
 * resets; any other error is counted and logged, never thrown.
 */
export async function startCountingSink(log: (line: string) => void = (line) => console.error(line)) {
  let received = 0;
  let recipients = new Set<string>();
  let perRecipient = new Map<string, number>();
  let resets = 0;
  let errors = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    size: 10 * 1024 * 1024,
    onData(stream, session, callback) {
      stream.on("data", () => {});
      stream.on("end", () => {
        received++;
        for (const r of session.envelope.rcptTo) {
          recipients.add(r.address);
          perRecipient.set(r.address, (perRecipient.get(r.address) ?? 0) + 1);
        }
        callback();
      });
    },
  });
  server.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code && RESET.has(err.code)) {
      resets++;
      return;
    }
    errors++;
    log(`smtp sink: ${err.code ?? ""} ${err.message}`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received: () => received,
    distinct: () => recipients.size,
    /** Messages per recipient address since the last reset. */
    perRecipient: () => perRecipient,
    /** Connections a client reset (or broke off) since the start: a stopped service's pool, for instance. */
    resets: () => resets,
    /** Other connection errors since the start. */
    errors: () => errors,
    reset() {
      received = 0;
      recipients = new Set();
      perRecipient = new Map();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
export type CountingSink = Awaited<ReturnType<typeof startCountingSink>>;
