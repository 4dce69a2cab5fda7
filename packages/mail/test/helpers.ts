import { join } from "node:path";
import { openDatabase } from "@parlor/kit/store";
import { afterThisTest, tempDir } from "@parlor/kit/testing";
import type { AnyDb } from "@parlor/outbox";
import { createOutboxTable, type OutboxRow, type OutboxTable } from "@parlor/outbox";
import type { OutboxMessage } from "../src/message.ts";
import type { MailLogger } from "../src/transports/transport.ts";
import type { MailSettings } from "../src/worker.ts";

export const TABLE = "comment_outbox";

/** How a service would type its database with an outbox in it. */
export interface TestDb {
  comment_outbox: OutboxTable;
}
export const MAIL_FROM = "Parlor Blog <no-reply@blog.example>";

/** Short enough that a test walks through retries in a fraction of a second. */
export const FAST: Partial<MailSettings> = {
  pollIntervalMs: 50,
  backoffBaseMs: 50,
  backoffMaxMs: 200,
  leaseMs: 5_000,
  ratePerSecond: 0,
};

/** Runs `f` after the current test, last registered first. */
export function onCleanup(f: () => Promise<unknown> | unknown) {
  afterThisTest(f);
}

/** A real SQLite file in a temp folder with a migrated outbox table. */
export async function createTestStore() {
  const tmp = tempDir("parlor-mail-");
  const url = `file:${join(tmp.dir, "mail.db")}`;
  const { db } = openDatabase<TestDb>(url);
  await createOutboxTable(db, TABLE);
  onCleanup(async () => {
    await db.destroy();
    tmp.cleanup();
  });
  /** Another connection to the same file, as a second process would have. */
  const connect = () => {
    const other = openDatabase<TestDb>(url).db;
    onCleanup(() => other.destroy());
    return other;
  };
  return { db, dir: tmp.dir, connect };
}

export function rows(db: AnyDb): Promise<OutboxRow[]> {
  return db.selectFrom(TABLE).selectAll().orderBy("id").execute() as Promise<OutboxRow[]>;
}

export function makeMessage(overrides: Partial<OutboxMessage> = {}): OutboxMessage {
  return {
    to: "reader@example.com",
    subject: "A reply to your comment",
    text: "Someone replied.\n\nRead it: https://blog.example/post#c1",
    html: '<p>Someone replied. <a href="https://blog.example/post#c1">Read it</a></p>',
    ...overrides,
  };
}

/** A logger that keeps its lines for assertions. */
export function recordingLogger() {
  const lines: { level: string; obj: Record<string, unknown>; msg?: string }[] = [];
  const at =
    (level: string) =>
    (obj: object, msg?: string): void => {
      lines.push({ level, obj: obj as Record<string, unknown>, msg });
    };
  const logger: MailLogger & { lines: typeof lines } = {
    lines,
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
  };
  return logger;
}

/** Polls `check` until it returns something truthy (real time: the worker and the SMTP server run for real). */
export async function waitFor<T>(check: () => Promise<T> | T, timeoutMs = 5_000): Promise<NonNullable<T>> {
  const start = Date.now();
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() - start > timeoutMs) throw new Error(`waitFor timed out after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
