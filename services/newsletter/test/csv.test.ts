import { isDeepStrictEqual } from "node:util";
import { type SmtpSink, startSmtpSink } from "@parlor/mail/testing";
import { parse } from "csv-parse/sync";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ADMIN_TOKEN, count, createTestApp, subscribe, subscriberByEmail, type TestApp } from "./helpers.ts";

let smtp: SmtpSink;
beforeEach(async () => {
  smtp = await startSmtpSink();
});
afterEach(async () => {
  await smtp.close();
});
const app = (overrides = {}) => createTestApp(overrides, { smtp });
const CSV = "/v1/admin/newsletter/subscribers.csv";
const importCsv = (t: TestApp, text: string, type = "text/csv") =>
  t.call("POST", CSV, text, { Authorization: `Bearer ${ADMIN_TOKEN}`, "Content-Type": type });
const rowsOf = (text: string) => parse(text, { columns: true }) as Record<string, string>[];

const STATUSES = ["active", "active", "pending", "pending_review", "unsubscribed", "rejected", "bounced"] as const;

/** n subscribers in every state, straight into the store. */
async function seedMixed(t: TestApp, n: number) {
  const base = Date.parse("2025-01-01T00:00:00.000Z");
  const rows = Array.from({ length: n }, (_, i) => {
    const status = STATUSES[i % STATUSES.length];
    const created = new Date(base + i * 60_000).toISOString();
    return {
      id: `01MIX${String(i).padStart(10, "0")}`,
      email: i % 3 === 0 ? `Person.${i}@Example.com` : `person${i}@example.net`,
      email_key: (i % 3 === 0 ? `Person.${i}@Example.com` : `person${i}@example.net`).toLowerCase(),
      name: i % 5 === 0 ? null : i % 11 === 0 ? `=HYPERLINK("x"), "quoted" ${i}` : `Reader ${i}, MD`,
      status,
      source: i % 4 === 0 ? null : "/blog/sleep",
      flags: status === "pending_review" ? "burst_client,disposable" : "",
      reason: status === "bounced" ? "bounce: 550 5.1.1 unknown" : null,
      client_hash: null,
      confirm_token_hash: null,
      confirm_expires_at: null,
      created_at: created,
      updated_at: created,
      confirmed_at: ["active", "unsubscribed", "bounced"].includes(status) ? created : null,
      unsubscribed_at: status === "unsubscribed" ? created : null,
    };
  });
  for (let i = 0; i < rows.length; i += 500)
    await t.db
      .insertInto("subscriber")
      .values(rows.slice(i, i + 500))
      .execute();
  return rows;
}

describe("exporting subscribers", () => {
  it("streams text/csv with the columns, and defuses spreadsheet formulas", async () => {
    const t = await app();
    await subscribe(t, smtp, "ann@example.com", { name: "=cmd|' /C calc'!A0", source: "/blog/sleep" });
    const res = await t.admin("GET", CSV);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const text = await res.text();
    expect(text.split("\n")[0]).toBe(
      "email,name,status,source,createdAt,confirmedAt,unsubscribedAt,flags,reason,topics",
    );
    const [row] = rowsOf(text);
    expect(row).toMatchObject({
      email: "ann@example.com",
      name: "'=cmd|' /C calc'!A0",
      status: "active",
      source: "/blog/sleep",
    });
    expect(row.confirmedAt).toMatch(/^\d{4}-/);
  });

  it("sends a long list in many chunks", async () => {
    const t = await app();
    await seedMixed(t, 2000);
    const res = await t.admin("GET", CSV);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    let chunks = 0;
    let text = "";
    const decoder = new TextDecoder();
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      chunks++;
      text += decoder.decode(r.value, { stream: true });
    }
    expect(chunks).toBeGreaterThanOrEqual(4);
    expect(rowsOf(text)).toHaveLength(2000);
  });
});

describe("importing subscribers", () => {
  it("reports added, skipped and invalid rows with line numbers, and mails nobody", async () => {
    const t = await app();
    await subscribe(t, smtp, "known@example.com");
    const delivered = smtp.deliveries.length;
    const text = [
      "email,name,status,confirmedAt,source",
      "new.active@example.com,Ann,active,2024-05-01T10:00:00Z,/old-list",
      "no-proof@example.com,Bob,active,,/old-list",
      "plain@example.com,,,,",
      "not-an-email,Zed,active,2024-05-01T10:00:00Z,",
      "known@example.com,Known,active,2024-05-01T10:00:00Z,",
      "NEW.ACTIVE@example.com,Dup,active,2024-05-01T10:00:00Z,",
      '"quoted, name@example.com",x,active,2024-05-01T10:00:00Z,',
      "bad-status@example.com,,vip,,",
      "bad-time@example.com,,active,yesterday,",
      "",
    ].join("\n");
    const res = await importCsv(t, text);
    expect(res.status).toBe(200);
    const report = await res.json();
    expect(report).toMatchObject({ added: 3, skipped: 2, unconfirmed: 1 });
    expect(report.invalid).toEqual([
      { line: 5, reason: expect.stringContaining("email") },
      { line: 8, reason: expect.stringContaining("email") },
      { line: 9, reason: expect.stringContaining("status") },
      { line: 10, reason: expect.stringContaining("confirmedAt") },
    ]);
    expect(await subscriberByEmail(t, "new.active@example.com")).toMatchObject({ status: "active", name: "Ann" });
    expect((await subscriberByEmail(t, "no-proof@example.com"))?.status).toBe("pending");
    expect((await subscriberByEmail(t, "plain@example.com"))?.status).toBe("pending");
    expect((await subscriberByEmail(t, "known@example.com"))?.name).toBeNull();
    const consent = await t.db.selectFrom("subscriber_consent").selectAll().where("kind", "=", "import").execute();
    expect(consent).toHaveLength(1);
    expect(await count(t, "newsletter_outbox")).toBe(delivered);
    await t.deliver();
    expect(smtp.deliveries).toHaveLength(delivered);
  });

  it("never re-activates an unsubscribed or suppressed address", async () => {
    const t = await app();
    const ann = await subscribe(t, smtp, "ann@example.com");
    await t.db.updateTable("subscriber").set({ status: "unsubscribed" }).where("id", "=", ann.id).execute();
    await t.admin("POST", "/v1/admin/newsletter/webhooks/bounces", { type: "complaint", email: "angry@example.com" });
    const erased = await subscribe(t, smtp, "erased@example.com");
    await t.admin("DELETE", `/v1/admin/newsletter/subscribers/${erased.id}`);
    const report = await (
      await importCsv(
        t,
        "email,status,confirmedAt\nann@example.com,active,2024-01-01T00:00:00Z\nangry@example.com,active,2024-01-01T00:00:00Z\nerased@example.com,active,2024-01-01T00:00:00Z\n",
      )
    ).json();
    expect(report).toMatchObject({ added: 0, skipped: 3 });
    expect((await subscriberByEmail(t, "ann@example.com"))?.status).toBe("unsubscribed");
    expect(await subscriberByEmail(t, "angry@example.com")).toBeUndefined();
    expect(await subscriberByEmail(t, "erased@example.com")).toBeUndefined();
  });

  it("refuses broken CSV, a missing email column, other types and bodies over 10 MiB, storing nothing", async () => {
    const t = await app();
    const broken = await importCsv(t, 'email,name\n"a@example.com,unclosed\n');
    expect(broken.status).toBe(400);
    expect((await importCsv(t, "mail,name\na@example.com,x\n")).status).toBe(400);
    expect((await importCsv(t, "email\na@example.com\n", "application/json")).status).toBe(415);
    const big = `email,name\n${"a@example.com,xxxxxxxxxx\n".repeat(450_000)}`;
    expect(big.length).toBeGreaterThan(10 * 1024 * 1024);
    expect((await importCsv(t, big)).status).toBe(413);
    expect(await count(t, "subscriber")).toBe(0);
  });

  it("keeps every address and every state through a round trip of 10,000 rows", async () => {
    const source = await app();
    const seeded = await seedMixed(source, 10_000);
    const exported = await (await source.admin("GET", CSV)).text();
    const target = await app();
    const res = await importCsv(target, exported);
    expect(await res.json()).toEqual({ added: 10_000, skipped: 0, invalid: [], unconfirmed: 0 });
    const again = await (await target.admin("GET", CSV)).text();
    const byEmail = (rows: Record<string, string>[]) => new Map(rows.map((r) => [r.email, r]));
    const before = byEmail(rowsOf(exported));
    const after = byEmail(rowsOf(again));
    expect(after.size).toBe(10_000);
    // One comparison for the 10,000 rows (an expect per row took seconds): the addresses whose row changed.
    const changed = seeded
      .filter((row) => {
        const a = after.get(row.email);
        return a === undefined || !isDeepStrictEqual(a, before.get(row.email)) || a.status !== row.status;
      })
      .map((row) => row.email);
    expect(changed).toEqual([]);
    expect(await count(target, "newsletter_outbox")).toBe(0); // an import mails nobod
  }, 60_000); // 10,000 rows each way; slow on a busy 2-core machine
});
