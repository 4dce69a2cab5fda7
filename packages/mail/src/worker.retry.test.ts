import { fixedClock } from "@parlor/kit/testing";
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
import { freePort, type SmtpSink, startSmtpSink } from "../test/smtp-sink.ts";
import { enqueue } from "./enqueue.ts";
import { createSmtpTransport } from "./transports/smtp.ts";
import type { MailSettings } from "./worker.ts";
import { createMailWorker, type MailWorkerOptions } from "./worker.ts";

async function setup(smtpUrl: string, options: Partial<MailWorkerOptions> & { settings?: Partial<MailSettings> } = {}) {
  const store = await createTestStore();
  const transport = createSmtpTransport(smtpUrl, { from: MAIL_FROM, connectionTimeoutMs: 1000 });
  const worker = createMailWorker({
    db: store.db,
    table: TABLE,
    transport,
    logger: recordingLogger(),
    ...options,
    settings: { ...FAST, ...options.settings },
  });
  onCleanup(async () => {
    await worker.stop();
    await transport.close();
  });
  return { ...store, transport, worker };
}

async function sink(port?: number): Promise<SmtpSink> {
  const s = await startSmtpSink({ port });
  onCleanup(() => s.close());
  return s;
}

describe("temporary failures", () => {
  it("retries after 451 answers and delivers exactly once when the relay accepts", async () => {
    const relay = await sink();
    relay.failNext(3, 451);
    const { db, worker } = await setup(relay.url);
    await enqueue(db, TABLE, makeMessage(), "k");
    worker.start();

    const sent = await waitFor(async () => (await rows(db)).find((r) => r.status === "sent"));
    expect(sent.attempts).toBe(4);
    expect(relay.attempts).toBe(4);
    await new Promise((r) => setTimeout(r, 150)); // a few more polls: nothing else goes out
    expect(relay.deliveries).toHaveLength(1);
  });

  it("keeps trying while the relay is down and delivers once it is up", async () => {
    const port = await freePort();
    const { db, worker } = await setup(`smtp://127.0.0.1:${port}`);
    await enqueue(db, TABLE, makeMessage(), "k");
    worker.start();

    const waiting = await waitFor(async () => (await rows(db)).find((r) => r.attempts >= 2 && r.status === "queued"));
    expect(waiting.last_error).toContain("ECONNREFUSED");
    const relay = await sink(port);
    await waitFor(async () => (await rows(db))[0].status === "sent");
    expect(relay.deliveries).toHaveLength(1);
  });

  it("waits between base and cap, and gives up once the retry horizon has passed", async () => {
    const relay = await sink();
    relay.failAlways(421, "4.7.0 Too busy");
    const clock = fixedClock();
    const settings = { backoffBaseMs: 1_000, backoffMaxMs: 4_000, retryHorizonMs: 60_000 };
    const { db, worker } = await setup(relay.url, { clock, settings });
    await enqueue(db, TABLE, makeMessage(), "k", clock.now());

    await worker.runOnce();
    let [row] = await rows(db);
    expect(row).toMatchObject({ status: "queued", attempts: 1, last_error: expect.stringContaining("421") });
    expect(Date.parse(row.next_attempt_at) - clock.now().getTime()).toBe(1_000); // the first wait is the base
    for (let i = 0; i < 5; i++) {
      clock.advance(4_000);
      await worker.runOnce();
      [row] = await rows(db);
      const wait = Date.parse(row.next_attempt_at) - clock.now().getTime();
      expect(wait).toBeGreaterThanOrEqual(1_000);
      expect(wait).toBeLessThanOrEqual(4_000);
    }
    clock.advance(60_000);
    await worker.runOnce();
    [row] = await rows(db);
    expect(row.status).toBe("dead");
    expect(row.last_error).toMatch(/gave up after 7 attempts \(retry horizon passed\): .*421/);
    expect(relay.deliveries).toHaveLength(0);
  });
});

describe("permanent failures", () => {
  it("marks a message the relay refuses with 550 dead, with the reason, and never retries it", async () => {
    const relay = await sink();
    relay.failAlways(550, "5.1.1 No such user here");
    const { db, worker } = await setup(relay.url);
    await enqueue(db, TABLE, makeMessage(), "k");

    expect(await worker.runOnce()).toMatchObject({ claimed: 1, dead: 1 });
    await new Promise((r) => setTimeout(r, 100));
    expect(await worker.runOnce()).toMatchObject({ claimed: 0 });

    const [row] = await rows(db);
    expect(row).toMatchObject({ status: "dead", attempts: 1, lease_owner: null });
    expect(row.last_error).toContain("550");
    expect(row.last_error).toContain("No such user here");
    expect(relay.attempts).toBe(1);
  });
});
