import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createTestStore, makeMessage, recordingLogger, rows, TABLE } from "../test/helpers.ts";
import { enqueue } from "./enqueue.ts";
import { eraseByKeyPrefix, eraseMentions, eraseRecipient } from "./erase-recipient.ts";
import { createFileTransport } from "./transports/file.ts";
import { createMailWorker } from "./worker.ts";

describe("eraseRecipient", () => {
  it("removes every row of that address and the .eml files written for it, and nothing else", async () => {
    const { db, dir } = await createTestStore();
    const mailDir = join(dir, "mail");
    await enqueue(db, TABLE, makeMessage({ to: "Ann@Example.com" }), "a1");
    await enqueue(db, TABLE, makeMessage({ to: "ann@example.com" }), "a2");
    await enqueue(db, TABLE, makeMessage({ to: "bob@example.com" }), "b1");
    const transport = createFileTransport(mailDir, recordingLogger());
    const worker = createMailWorker({ db, table: TABLE, transport, logger: recordingLogger() });
    expect((await worker.runOnce()).sent).toBe(3);
    await enqueue(db, TABLE, makeMessage({ to: "ann@example.com" }), "a3"); // still queued
    expect(readdirSync(mailDir)).toHaveLength(3);

    const erased = await eraseRecipient(db, TABLE, "ANN@example.com", mailDir);

    expect(erased).toEqual({ rows: 3, files: 2 });
    expect((await rows(db)).map((r) => r.recipient)).toEqual(["bob@example.com"]);
    const [bob] = await rows(db);
    expect(readdirSync(mailDir)).toEqual([`${TABLE}-${bob.id}.eml`]);
    expect(existsSync(join(mailDir, `${TABLE}-${bob.id}.eml`))).toBe(true);
  });

  it("is a no-op for an address it does not know", async () => {
    const { db } = await createTestStore();
    expect(await eraseRecipient(db, TABLE, "nobody@example.com")).toEqual({ rows: 0, files: 0 });
  });
});

describe("eraseMentions", () => {
  it("removes the emails to others that name the address, matching it literally (_ and % are not wildcards)", async () => {
    const { db } = await createTestStore();
    const about = (who: string) => makeMessage({ to: "moderator@example.com", text: `Held: a comment by ${who}.` });
    await enqueue(db, TABLE, about("Ann_Lee@Example.com"), "m1");
    await enqueue(db, TABLE, about("annxlee@example.com"), "m2");
    await enqueue(db, TABLE, about("someone else"), "m3");
    expect(await eraseMentions(db, TABLE, "ann_lee@example.com")).toEqual({ rows: 1, files: 0 });
    const left = (await rows(db)).map((r) => JSON.parse(r.message).text);
    expect(left).toEqual(["Held: a comment by annxlee@example.com.", "Held: a comment by someone else."]);
    expect(await eraseMentions(db, TABLE, "100%@example.com")).toEqual({ rows: 0, files: 0 });
  });
});

describe("eraseByKeyPrefix", () => {
  it("removes the emails whose idempotency key starts with a prefix, literally", async () => {
    const { db } = await createTestStore();
    await enqueue(db, TABLE, makeMessage({ to: "a@example.com" }), "reply:01A_1:a");
    await enqueue(db, TABLE, makeMessage({ to: "b@example.com" }), "reply:01AX1:b");
    await enqueue(db, TABLE, makeMessage({ to: "c@example.com" }), "held:01A_1:t");
    expect(await eraseByKeyPrefix(db, TABLE, ["reply:01A_1:", "held:01A_1:"])).toEqual({ rows: 2, files: 0 });
    expect((await rows(db)).map((r) => r.idempotency_key)).toEqual(["reply:01AX1:b"]);
    expect(await eraseByKeyPrefix(db, TABLE, [])).toEqual({ rows: 0, files: 0 });
  });
});
