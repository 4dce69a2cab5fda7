// How fast the outbox gets mail to a relay. Starts an SMTP server in this process on 127.0.0.1 (it accepts
// and drains every message), then measures (1) the pooled SMTP transport alone and (2) the whole outbox:
// SQLite file, claims, sends, `sent` marks. The server shares the event loop with the sender, so the numbers
// are a floor for a relay on another machine.
//
//   npx tsx bench/send-rate.ts [messages=500] [maxConnections=3]
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "@parlor/kit/store";
import type { OutboxTable } from "@parlor/outbox";
import { SMTPServer } from "smtp-server";
import { createMailWorker, createOutboxTable, createSmtpTransport, enqueue, renderEmail } from "../src/index.ts";

const count = Number(process.argv[2] ?? 500);
const maxConnections = Number(process.argv[3] ?? 3);
const TABLE = "bench_outbox";
const quiet = { info() {}, warn() {}, error() {} };

let received = 0;
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  logger: false,
  onData(stream, _session, done) {
    stream.on("data", () => {});
    stream.on("end", () => {
      received++;
      done();
    });
  },
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
const url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;

const content = renderEmail({
  title: "A reply to your comment",
  paragraphs: ["Dr. Lee replied to your comment on “Sleep and blood pressure”.", "Thank you for reading."],
  action: { label: "Read the reply", url: "https://blog.example/posts/sleep#c-01J" },
  footer: "You asked to be told about replies. Stop: https://blog.example/u?t=abc",
});
const message = (i: number) => ({ to: `reader${i}@example.com`, subject: `A reply (${i})`, ...content });
const rate = (n: number, ms: number) =>
  `${n} messages in ${(ms / 1000).toFixed(2)} s = ${Math.round((n / ms) * 1000)} messages/s`;

// 1. The pooled transport alone, everything handed over at once.
{
  const transport = createSmtpTransport(url, { from: "Parlor <no-reply@blog.example>", maxConnections });
  const start = performance.now();
  await Promise.all(Array.from({ length: count }, (_, i) => transport.send(message(i))));
  const ms = performance.now() - start;
  await transport.close();
  console.log(`transport only (pool of ${maxConnections}):            ${rate(count, ms)}`);
}

// 2. The whole outbox: a real SQLite file (WAL, synchronous=FULL), the worker with no rate limit.
{
  const dir = mkdtempSync(join(tmpdir(), "parlor-mail-bench-"));
  const { db } = openDatabase<{ bench_outbox: OutboxTable }>(`file:${join(dir, "bench.db")}`);
  await createOutboxTable(db, TABLE);
  for (let i = 0; i < count; i++) await enqueue(db, TABLE, message(i), `bench:${i}`);
  const transport = createSmtpTransport(url, { from: "Parlor <no-reply@blog.example>", maxConnections });
  const settings = { ratePerSecond: 0, maxConnections, batchSize: 50, pollIntervalMs: 10 };
  const worker = createMailWorker({ db, table: TABLE, transport, logger: quiet, settings });
  const sentRows = async () =>
    Number(
      (
        await db
          .selectFrom(TABLE)
          .select((eb) => eb.fn.countAll().as("n"))
          .where("status", "=", "sent")
          .executeTakeFirstOrThrow()
      ).n,
    );
  const start = performance.now();
  worker.start();
  // Timed until every row is marked sent, not just received: that is when the outbox is done.
  while ((await sentRows()) < count) await new Promise((r) => setTimeout(r, 10));
  const ms = performance.now() - start;
  await worker.stop();
  const sent = await sentRows();
  console.log(
    `outbox worker (maxConnections ${maxConnections}, batch 50, no rate limit): ${rate(count, ms)}; rows sent: ${sent}`,
  );
  await transport.close();
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
}

console.log(`the relay received ${received} messages (expected ${2 * count}: none lost, none twice)`);
await new Promise<void>((resolve) => server.close(() => resolve()));
