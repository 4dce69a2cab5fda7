import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createTestStore, makeMessage, recordingLogger, rows, TABLE } from "../test/helpers.ts";
import { eraseRecipient } from "./erase-recipient.ts";
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
