import { fixedClock } from "@parlor/kit/testing";
import { claimBatch, markManySent } from "@parlor/outbox";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { createTestStore, makeMessage, rows, TABLE } from "../test/helpers.ts";
import { enqueue } from "./enqueue.ts";
import { InvalidMessage } from "./message.ts";

describe("enqueue", () => {
  it("queues nothing when the caller's transaction rolls back", async () => {
    const { db } = await createTestStore();
    await expect(
      db.transaction().execute(async (trx) => {
        expect(await enqueue(trx, TABLE, makeMessage(), "reply:1")).toBe(true);
        throw new Error("the comment could not be saved");
      }),
    ).rejects.toThrow("could not be saved");
    expect(await rows(db)).toEqual([]);
  });

  it("queues a message once however often the same key is used", async () => {
    const { db } = await createTestStore();
    expect(await enqueue(db, TABLE, makeMessage(), "confirm:42")).toBe(true);
    expect(await enqueue(db, TABLE, makeMessage({ subject: "again" }), "confirm:42")).toBe(false);
    const stored = await rows(db);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ status: "queued", attempts: 0, subject: "A reply to your comment" });
    expect(JSON.parse(stored[0].message)).toMatchObject({ to: "reader@example.com", html: expect.any(String) });
  });

  it("refuses a message that could never be sent, and stores nothing", async () => {
    const { db } = await createTestStore();
    await expect(enqueue(db, TABLE, makeMessage({ to: "a@x.com\r\nBcc: b@y.com" }), "k1")).rejects.toThrow(
      InvalidMessage,
    );
    await expect(enqueue(db, TABLE, makeMessage({ to: "a@x.com, b@y.com" }), "k2")).rejects.toThrow(InvalidMessage);
    expect(await rows(db)).toEqual([]);
  });

  it("stores the recipient lower-cased for erasure, the message as given", async () => {
    const { db } = await createTestStore();
    await enqueue(db, TABLE, makeMessage({ to: "Reader@Example.com" }), "k");
    const [row] = await rows(db);
    expect(row.recipient).toBe("reader@example.com");
    expect(JSON.parse(row.message).to).toBe("Reader@Example.com");
  });
});

describe("claimBatch", () => {
  it("gives a row to one claimant only, and takes it over once the lease has expired", async () => {
    const { db } = await createTestStore();
    const clock = fixedClock();
    await enqueue(db, TABLE, makeMessage(), "k", clock.now());
    const claim = (owner: string) => claimBatch(db, TABLE, { owner, now: clock.now(), leaseMs: 60_000, limit: 10 });

    expect((await claim("worker-a")).map((r) => r.lease_owner)).toEqual(["worker-a"]);
    expect(await claim("worker-b")).toEqual([]);
    clock.advance(59_000);
    expect(await claim("worker-b")).toEqual([]);
    clock.advance(2_000);
    const [taken] = await claim("worker-b");
    expect(taken).toMatchObject({ lease_owner: "worker-b", status: "sending", attempts: 2 });
  });

  it("leaves a message alone until its next attempt is due", async () => {
    const { db } = await createTestStore();
    const clock = fixedClock();
    await enqueue(db, TABLE, makeMessage(), "k", new Date(clock.now().getTime() + 1000));
    expect(await claimBatch(db, TABLE, { owner: "w", now: clock.now(), leaseMs: 1000, limit: 10 })).toEqual([]);
    clock.advance(1000);
    expect(await claimBatch(db, TABLE, { owner: "w", now: clock.now(), leaseMs: 1000, limit: 10 })).toHaveLength(1);
  });
});

describe("markManySent", () => {
  it("marks only rows whose lease it holds, and leaves the connection's commits waiting for the disk again", async () => {
    const { db } = await createTestStore();
    const clock = fixedClock();
    for (const key of ["a", "b", "c"]) await enqueue(db, TABLE, makeMessage(), key, clock.now());
    const claimed = await claimBatch(db, TABLE, { owner: "w", now: clock.now(), leaseMs: 60_000, limit: 2 });
    const all = (await rows(db)).map((r) => r.id);
    const marked = await markManySent(db, TABLE, all, "w", clock.now());
    expect([...marked].sort()).toEqual(claimed.map((r) => r.id).sort());
    expect((await rows(db)).map((r) => r.status)).toEqual(["sent", "sent", "queued"]);
    // The relaxed commit is the marks' alone: a comment written next is FULL-synced as before.
    const { rows: sync } = await sql<{ synchronous: number }>`pragma synchronous`.execute(db);
    expect(sync[0].synchronous).toBe(2);
  });

  // After the first group the marks are written straight on the SQLite handle, one statement for any number of ids.
  it("does the same for every later group, written straight on the store's handle", async () => {
    const { db } = await createTestStore();
    const clock = fixedClock();
    for (const key of ["a", "b", "c", "d", "e"]) await enqueue(db, TABLE, makeMessage(), key, clock.now());
    const claimed = await claimBatch(db, TABLE, { owner: "w", now: clock.now(), leaseMs: 60_000, limit: 4 });
    const [first, ...rest] = claimed.map((r) => r.id);
    expect([...(await markManySent(db, TABLE, [first], "w", clock.now()))]).toEqual([first]);
    // One claimed by another worker meanwhile (its lease taken over), and one never claimed: neither is marked.
    await db.updateTable(TABLE).set({ lease_owner: "other" }).where("id", "=", rest[0]).execute();
    const unclaimed = (await rows(db)).find((r) => r.status === "queued")?.id as string;
    clock.advance(1000);
    const marked = await markManySent(db, TABLE, [...rest, unclaimed], "w", clock.now());
    expect([...marked].sort()).toEqual(rest.slice(1).sort());
    const after = await rows(db);
    expect(
      after
        .filter((r) => r.status === "sent")
        .map((r) => r.id)
        .sort(),
    ).toEqual([first, ...rest.slice(1)].sort());
    expect(after.find((r) => r.id === rest[1])).toMatchObject({
      sent_at: clock.now().toISOString(),
      lease_owner: null,
      lease_until: null,
    });
    expect(after.find((r) => r.id === rest[0])).toMatchObject({ status: "sending", lease_owner: "other" });
    const { rows: sync } = await sql<{ synchronous: number }>`pragma synchronous`.execute(db);
    expect(sync[0].synchronous).toBe(2);
  });
});
