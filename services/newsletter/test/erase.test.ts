import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createLogger } from "@parlor/kit";
import { createFileTransport, createMailWorker } from "@parlor/mail";
import { type SmtpSink, startSmtpSink } from "@parlor/mail/testing";
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { OUTBOX_TABLE } from "../src/db/schema.ts";
import { count, createTestApp, seedActive, subscribe, subscriberByEmail, type TestApp } from "./helpers.ts";

let smtp: SmtpSink;
beforeEach(async () => {
  smtp = await startSmtpSink();
});
afterEach(async () => {
  await smtp.close();
});

/** Every text value of every table of the database (SQLite file or PostgreSQL schema), with where it was found. */
async function everyText(t: TestApp): Promise<{ where: string; value: string }[]> {
  const tables = t.sqlite
    ? (t.sqlite.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[]).map(
        (r) => r.name,
      )
    : (
        await sql<{
          table_name: string;
        }>`select table_name from information_schema.tables where table_schema = ${t.schema}`.execute(t.db)
      ).rows.map((r) => r.table_name);
  expect(tables).toEqual(
    expect.arrayContaining(["subscriber", "subscriber_consent", "newsletter_outbox", "newsletter_issue"]),
  );
  const found: { where: string; value: string }[] = [];
  for (const name of tables) {
    const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(t.db)).rows;
    for (const row of rows) {
      for (const [column, value] of Object.entries(row)) {
        if (typeof value === "string") found.push({ where: `${name}.${column}`, value });
      }
    }
  }
  return found;
}

describe("erasing a person", () => {
  it("leaves no trace of the address in any table except the suppression hash, and no .eml file", async () => {
    const t = await createTestApp({ MODERATOR_EMAIL: "moderator@blog.example" }, { smtp });
    await seedActive(t, 3);
    const ann = await subscribe(t, smtp, "Ann.Private@Example.com", { name: "Ann Private", source: "/blog/sleep" });
    // Mail to her in every state: sent (confirmation, welcome, an issue), dead, and still queued, plus .eml files.
    const issue = await (
      await t.admin("POST", "/v1/admin/newsletter/issues", { subject: "Hi", markdown: "Hello" })
    ).json();
    await t.admin("POST", `/v1/admin/newsletter/issues/${issue.id}/send`);
    await t.dispatcher.runOnce();
    await t.deliver();
    await t.admin("POST", `/v1/admin/newsletter/issues/${issue.id}/test`, { to: "ann.private@example.com" });
    const files = createMailWorker({
      db: t.db,
      table: OUTBOX_TABLE,
      transport: createFileTransport(t.mailDir, createLogger({ name: "t", level: "silent" })),
      logger: createLogger({ name: "t", level: "silent" }),
      clock: t.clock,
      bodies: t.bodies,
      settings: { ratePerSecond: 0 },
    });
    await files.runOnce();
    expect(readdirSync(t.mailDir).length).toBeGreaterThan(0);
    await t.db
      .updateTable(OUTBOX_TABLE)
      .set({ status: "dead" })
      .where("idempotency_key", "like", "welcome:%")
      .execute();
    await t.admin("POST", `/v1/admin/newsletter/issues/${issue.id}/test`, { to: "ANN.private@example.com" }); // queued
    // The flagged-signup path leaves her masked address in the moderator's mail, never the address itself.
    await t.call("POST", "/v1/subscriptions", { email: "ann.private@example.com", consent: true, company: "x" });

    const needles = ["ann.private@example.com", "Ann.Private@Example.com", "Ann Private"];
    const before = (await everyText(t)).filter((f) =>
      needles.some((n) => f.value.toLowerCase().includes(n.toLowerCase())),
    );
    expect(before.length).toBeGreaterThan(5);

    const res = await t.admin("DELETE", `/v1/admin/newsletter/subscribers/${ann.id}`);
    expect(res.status).toBe(204);

    const left = (await everyText(t)).filter((f) =>
      needles.some((n) => f.value.toLowerCase().includes(n.toLowerCase())),
    );
    expect(left).toEqual([]);
    expect((await everyText(t)).filter((f) => f.value.includes(ann.id))).toEqual([]);
    for (const file of existsSync(t.mailDir) ? readdirSync(t.mailDir) : []) {
      expect(readFileSync(join(t.mailDir, file), "latin1").toLowerCase()).not.toContain("ann.private@example.com");
    }
    expect(await count(t, "newsletter_suppression")).toBe(1);
    expect(await subscriberByEmail(t, "ann.private@example.com")).toBeUndefined();
    expect((await t.admin("DELETE", `/v1/admin/newsletter/subscribers/${ann.id}`)).status).toBe(404);

    // The others are untouched, and the address is never mailed by mistake again.
    expect(await count(t, "subscriber")).toBe(3);
    await t.call("POST", "/v1/subscriptions", { email: "ann.private@example.com", consent: true });
    expect((await subscriberByEmail(t, "ann.private@example.com"))?.flags).toContain("suppressed");
  });
});
