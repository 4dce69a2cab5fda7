import { describe, expect, it } from "vitest";
import {
  createTestStore,
  FAST,
  MAIL_FROM,
  makeMessage,
  onCleanup,
  recordingLogger,
  rows,
  TABLE,
  waitFor,
} from "../test/helpers.ts";
import { startSmtpSink } from "../test/smtp-sink.ts";
import { enqueue } from "./enqueue.ts";
import { createSmtpTransport } from "./transports/smtp.ts";
import { createMailWorker } from "./worker.ts";

describe("a slow relay", () => {
  // A batch of 20 at 250 ms a reply over 2 connections takes 2.5 s: longer than the 2 s lease. Each message's
  // lease is renewed as its send starts, so none is cut off after the relay already had it.
  it("gets every message of a batch that outlasts the lease exactly once", async () => {
    const sink = await startSmtpSink();
    onCleanup(() => sink.close());
    sink.setDelay(250);
    const { db } = await createTestStore();
    for (let i = 0; i < 20; i++) await enqueue(db, TABLE, makeMessage({ subject: `Slow ${i}` }), `slow${i}`);
    const transport = createSmtpTransport(sink.url, { from: MAIL_FROM, maxConnections: 2 });
    const worker = createMailWorker({
      db,
      table: TABLE,
      transport,
      logger: recordingLogger(),
      settings: { ...FAST, leaseMs: 2_000, batchSize: 20, maxConnections: 2 },
    });
    onCleanup(async () => {
      await worker.stop();
      await transport.close();
    });
    worker.start();
    await waitFor(async () => (await rows(db)).every((r) => r.status === "sent"), 15_000);
    const subjects = sink.deliveries.map((d) => d.mail.subject);
    expect(subjects).toHaveLength(20);
    expect(new Set(subjects).size).toBe(20);
    expect(sink.attempts).toBe(20);
  });
});
