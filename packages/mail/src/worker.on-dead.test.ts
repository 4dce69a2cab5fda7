import { fixedClock } from "@parlor/kit/testing";
import type { OutboxRow } from "@parlor/outbox";
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
} from "../test/helpers.ts";
import { startSmtpSink } from "../test/smtp-sink.ts";
import { enqueue } from "./enqueue.ts";
import { createSmtpTransport } from "./transports/smtp.ts";
import { createMailWorker, type MailWorkerOptions } from "./worker.ts";

type Outcome = Parameters<NonNullable<MailWorkerOptions["onDead"]>>[1];

async function setup(options: Partial<MailWorkerOptions> = {}) {
  const store = await createTestStore();
  const relay = await startSmtpSink();
  const transport = createSmtpTransport(relay.url, { from: MAIL_FROM });
  const logger = recordingLogger();
  const worker = createMailWorker({ db: store.db, table: TABLE, transport, logger, settings: FAST, ...options });
  onCleanup(async () => {
    await worker.stop();
    await transport.close();
    await relay.close();
  });
  return { ...store, relay, worker, logger };
}

describe("the onDead hook", () => {
  it("is told of a permanent refusal with the SMTP reply code, once, after the row is dead", async () => {
    const seen: { row: OutboxRow; outcome: Outcome; status: string }[] = [];
    const { db, relay, worker } = await setup({
      onDead: async (row, outcome) => {
        const [stored] = await rows(db);
        seen.push({ row, outcome, status: stored.status });
      },
    });
    relay.failAlways(550, "5.1.1 No such user here");
    await enqueue(db, TABLE, makeMessage({ to: "gone@example.com" }), "k");
    expect(await worker.runOnce()).toMatchObject({ dead: 1 });
    expect(seen).toHaveLength(1);
    expect(seen[0].row.recipient).toBe("gone@example.com");
    expect(seen[0].status).toBe("dead");
    expect(seen[0].outcome).toMatchObject({ permanent: true, responseCode: 550 });
    expect(seen[0].outcome.reason).toContain("No such user here");
  });

  it("is told when the retry horizon passes, as not permanent", async () => {
    const clock = fixedClock();
    const outcomes: Outcome[] = [];
    const { db, relay, worker } = await setup({
      clock,
      settings: { ...FAST, retryHorizonMs: 1_000 },
      onDead: (_row, outcome) => {
        outcomes.push(outcome);
      },
    });
    relay.failAlways(421, "4.7.0 Too busy");
    await enqueue(db, TABLE, makeMessage(), "k", clock.now());
    clock.advance(5_000);
    expect(await worker.runOnce()).toMatchObject({ dead: 1 });
    expect(outcomes).toEqual([expect.objectContaining({ permanent: false, responseCode: 421 })]);
  });

  it("is not called for sent or retried mail, and a hook that throws is logged, not fatal", async () => {
    let calls = 0;
    const clock = fixedClock(); // it never moves: the retried row is not due again during the test
    const { db, relay, worker, logger } = await setup({
      clock,
      onDead: () => {
        calls++;
        throw new Error("hook broke");
      },
    });
    await enqueue(db, TABLE, makeMessage(), "ok", clock.now());
    expect(await worker.runOnce()).toMatchObject({ sent: 1 });
    relay.failNext(1, 451);
    await enqueue(db, TABLE, makeMessage(), "retry", clock.now());
    expect(await worker.runOnce()).toMatchObject({ retried: 1 });
    expect(calls).toBe(0);
    relay.failAlways(550);
    await enqueue(db, TABLE, makeMessage(), "dead", clock.now());
    expect(await worker.runOnce()).toMatchObject({ dead: 1 });
    expect(calls).toBe(1);
    expect(logger.lines.some((l) => l.obj.event === "mail.on_dead_failed")).toBe(true);
  });
});
