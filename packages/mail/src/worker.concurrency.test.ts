import { fixedClock } from "@parlor/kit/testing";
import { claimBatch } from "@parlor/outbox";
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
import { createMailWorker, type MailWorkerOptions } from "./worker.ts";

async function relay() {
  const sink = await startSmtpSink();
  onCleanup(() => sink.close());
  return sink;
}

function workerFor(smtpUrl: string, options: Omit<MailWorkerOptions, "transport" | "logger" | "table">) {
  const transport = createSmtpTransport(smtpUrl, { from: MAIL_FROM });
  const logger = recordingLogger();
  const worker = Object.assign(createMailWorker({ table: TABLE, transport, logger, ...options }), {
    sentCount: () => logger.lines.filter((l) => l.obj.event === "mail.sent").length,
  });
  onCleanup(async () => {
    await worker.stop();
    await transport.close();
  });
  return worker;
}

describe("several workers on one database", () => {
  it("never send the same message twice (two connections, 50 messages)", async () => {
    const sink = await relay();
    const { db, connect } = await createTestStore();
    for (let i = 0; i < 50; i++) await enqueue(db, TABLE, makeMessage({ subject: `Message ${i}` }), `k${i}`);
    const settings = { ...FAST, batchSize: 5 };
    const a = workerFor(sink.url, { db, settings });
    const b = workerFor(sink.url, { db: connect(), settings });
    a.start();
    b.start();

    await waitFor(async () => (await rows(db)).every((r) => r.status === "sent"), 10_000);
    await Promise.all([a.stop(), b.stop()]);

    const subjects = sink.deliveries.map((d) => d.mail.subject);
    expect(subjects).toHaveLength(50);
    expect(new Set(subjects).size).toBe(50);
    expect((await rows(db)).every((r) => r.attempts === 1)).toBe(true);
    expect(a.sentCount() + b.sentCount()).toBe(50);
    expect(a.sentCount()).toBeGreaterThan(0); // both really took part
    expect(b.sentCount()).toBeGreaterThan(0);
  });

  it("take over a message whose worker died, once its lease has expired", async () => {
    const sink = await relay();
    const { db } = await createTestStore();
    const clock = fixedClock();
    await enqueue(db, TABLE, makeMessage(), "k", clock.now());
    // A worker claims the row, then its process dies: it never sends and never releases.
    await claimBatch(db, TABLE, { owner: "dead-worker", now: clock.now(), leaseMs: 60_000, limit: 10 });
    const worker = workerFor(sink.url, { db, clock, settings: FAST });

    expect(await worker.runOnce()).toMatchObject({ claimed: 0 });
    clock.advance(60_001);
    expect(await worker.runOnce()).toMatchObject({ claimed: 1, sent: 1 });
    expect(sink.deliveries).toHaveLength(1);
    expect((await rows(db))[0]).toMatchObject({ status: "sent", attempts: 2 });
  });
});

describe("stop()", () => {
  it("lets the send in flight finish and hands back the rows not yet started", async () => {
    const sink = await relay();
    sink.setDelay(300);
    const { db } = await createTestStore();
    for (let i = 0; i < 5; i++) await enqueue(db, TABLE, makeMessage({ subject: `Message ${i}` }), `k${i}`);
    const worker = workerFor(sink.url, { db, settings: { ...FAST, maxConnections: 1 } });
    worker.start();
    await waitFor(() => sink.attempts >= 1);

    await worker.stop();

    expect(sink.deliveries.map((d) => d.mail.subject)).toEqual(["Message 0"]);
    const after = await rows(db);
    expect(after.map((r) => r.status)).toEqual(["sent", "queued", "queued", "queued", "queued"]);
    expect(after.slice(1).every((r) => r.lease_owner === null && r.attempts === 0)).toBe(true);
  });

  it("aborts a send that outlasts the grace period and releases its row at once", async () => {
    const sink = await relay();
    sink.setDelay(5_000); // a relay that sits on its reply
    const { db } = await createTestStore();
    await enqueue(db, TABLE, makeMessage(), "k");
    const worker = workerFor(sink.url, { db, settings: FAST });
    worker.start();
    await waitFor(() => sink.attempts >= 1);

    const started = Date.now();
    await worker.stop({ graceMs: 200 });

    expect(Date.now() - started).toBeLessThan(2_000);
    expect((await rows(db))[0]).toMatchObject({ status: "queued", lease_owner: null, attempts: 0 });
  });
});

describe("throttling", () => {
  it("sends 20 messages at 10 per second in no less than about 1.5 s", async () => {
    const sink = await relay();
    const { db } = await createTestStore();
    for (let i = 0; i < 20; i++) await enqueue(db, TABLE, makeMessage({ subject: `Message ${i}` }), `k${i}`);
    const worker = workerFor(sink.url, { db, settings: { ...FAST, batchSize: 20, ratePerSecond: 10 } });

    const started = performance.now();
    expect(await worker.runOnce()).toMatchObject({ sent: 20 });
    const elapsed = performance.now() - started;

    expect(elapsed).toBeGreaterThanOrEqual(1_500);
    expect(elapsed).toBeLessThan(4_000);
  });
});
