import { randomBytes } from "node:crypto";
import { openDatabase } from "@parlor/kit/store";
import { fixedClock } from "@parlor/kit/testing";
import type { AnyDb } from "@parlor/outbox";
import { claimBatch, createOutboxTable, dropOutboxTable, type OutboxRow } from "@parlor/outbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAST, MAIL_FROM, makeMessage, onCleanup, recordingLogger, waitFor } from "../test/helpers.ts";
import { startSmtpSink } from "../test/smtp-sink.ts";
import { enqueue } from "./enqueue.ts";
import { createSmtpTransport } from "./transports/smtp.ts";
import { createMailWorker } from "./worker.ts";

// The same migration and claims on PostgreSQL, when a database is offered (TEST_DATABASE_URL). Each run uses
// its own table, so it can share the database with other services' tests.
const url = process.env.TEST_DATABASE_URL;

// Under CI a missing PostgreSQL is a failure, never a silent skip.
if (!url && process.env.CI === "true")
  throw new Error("CI=true but TEST_DATABASE_URL is not set: start PostgreSQL (see .ci/run)");

describe.skipIf(!url)("the outbox on PostgreSQL", () => {
  const table = `mail_test_${randomBytes(4).toString("hex")}`;
  let db: AnyDb;
  beforeAll(async () => {
    db = openDatabase(url as string, { poolSize: 4 }).db;
    await createOutboxTable(db, table);
  });
  afterAll(async () => {
    await dropOutboxTable(db, table);
    await db.destroy();
  });
  const rows = () => db.selectFrom(table).selectAll().orderBy("id").execute() as Promise<OutboxRow[]>;

  it("queues once per key, and not at all when the transaction rolls back", async () => {
    await db.deleteFrom(table).execute();
    expect(await enqueue(db, table, makeMessage(), "k")).toBe(true);
    expect(await enqueue(db, table, makeMessage(), "k")).toBe(false);
    await expect(
      db.transaction().execute(async (trx) => {
        await enqueue(trx, table, makeMessage(), "k2");
        throw new Error("rolled back");
      }),
    ).rejects.toThrow();
    expect(await rows()).toHaveLength(1);
  });

  it("takes over an expired lease", async () => {
    await db.deleteFrom(table).execute();
    const clock = fixedClock();
    await enqueue(db, table, makeMessage(), "k", clock.now());
    const claim = (owner: string) =>
      claimBatch(db, table, { owner, now: clock.now(), leaseMs: 1000, limit: 5, skipLocked: true });
    expect(await claim("a")).toHaveLength(1);
    expect(await claim("b")).toHaveLength(0);
    clock.advance(1001);
    expect((await claim("b"))[0]).toMatchObject({ lease_owner: "b", attempts: 2 });
  });

  it("lets two workers with their own pools send 50 messages, each exactly once", async () => {
    await db.deleteFrom(table).execute();
    const sink = await startSmtpSink();
    onCleanup(() => sink.close());
    for (let i = 0; i < 50; i++) await enqueue(db, table, makeMessage({ subject: `Message ${i}` }), `k${i}`);
    const workers = [db, openDatabase(url as string, { poolSize: 4 }).db].map((handle) => {
      const transport = createSmtpTransport(sink.url, { from: MAIL_FROM });
      const worker = createMailWorker({
        db: handle,
        table,
        transport,
        logger: recordingLogger(),
        engine: "postgres",
        settings: { ...FAST, batchSize: 5 },
      });
      onCleanup(async () => {
        await worker.stop();
        await transport.close();
        if (handle !== db) await handle.destroy();
      });
      return worker;
    });
    for (const w of workers) w.start();
    await waitFor(async () => (await rows()).every((r) => r.status === "sent"), 10_000);
    const subjects = sink.deliveries.map((d) => d.mail.subject);
    expect(subjects).toHaveLength(50);
    expect(new Set(subjects).size).toBe(50);
  });
});
