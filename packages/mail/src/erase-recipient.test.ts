import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createTestStore, makeMessage, recordingLogger, rows, TABLE } from "../test/helpers.ts";
import { eraseMentions, eraseRecipient } from "./erase-recipient.ts";
import { enqueue } from "./outbox.repository.ts";
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
