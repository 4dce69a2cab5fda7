import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

/**
 * A local relay that accepts every message and keeps only counts: how many arrived, and to how many distinct
 * recipients (a difference is a duplicate delivery).
 */
export async function startCountingSink() {
  let received = 0;
  let recipients = new Set<string>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    size: 10 * 1024 * 1024,
    onData(stream, session, callback) {
      stream.on("data", () => {});
      stream.on("end", () => {
        received++;
        for (const r of session.envelope.rcptTo) recipients.add(r.address);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received: () => received,
    distinct: () => recipients.size,
    reset() {
      received = 0;
      recipients = new Set();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
export type CountingSink = Awaited<ReturnType<typeof startCountingSink>>;
