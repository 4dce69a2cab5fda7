import { type SmtpSink, startSmtpSink } from "@parlor/mail/testing";
import { parse } from "csv-parse/sync";
import { afterEach, beforeEach, expect, it } from "vitest";
import { exportConsentCsv } from "../src/subscribers/consent-export.ts";
import { createTestApp, subscribe } from "./helpers.ts";

let smtp: SmtpSink;
beforeEach(async () => {
  smtp = await startSmtpSink();
});
afterEach(async () => {
  await smtp.close();
});

it("the consent export lists each person's signup and confirmation with the words they agreed to", async () => {
  const t = await createTestApp({ CONSENT_TEXT: "Yes, =email me the newsletter." }, { smtp });
  await subscribe(t, smtp, "ann@example.com", { source: "article-footer" });
  let csv = "";
  for await (const chunk of exportConsentCsv(t.db)) csv += chunk;
  const rows = parse(csv, { columns: true }) as Record<string, string>[];
  expect(rows.map((r) => [r.email, r.status, r.kind, r.source])).toEqual([
    ["ann@example.com", "active", "signup", "article-footer"],
    ["ann@example.com", "active", "confirm", "article-footer"],
  ]);
  // Word for word.
  expect(rows[0].consentText).toBe("Yes, =email me the newsletter.");
  expect(rows[0].consentedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  expect(rows[1].clientAddress).not.toBe("");
});

it("the consent CSV is also served to the admin, streamed, and to no one else", async () => {
  const t = await createTestApp({}, { smtp });
  await subscribe(t, smtp, "bob@example.com");
  const res = await t.admin("GET", "/v1/admin/newsletter/consent.csv");
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
  const rows = parse(await res.text(), { columns: true }) as Record<string, string>[];
  expect(rows.map((r) => [r.email, r.kind])).toEqual([
    ["bob@example.com", "signup"],
    ["bob@example.com", "confirm"],
  ]);
  expect((await t.call("GET", "/v1/admin/newsletter/consent.csv")).status).toBe(401);
});

it("an empty list exports the header only", async () => {
  const t = await createTestApp();
  let csv = "";
  for await (const chunk of exportConsentCsv(t.db)) csv += chunk;
  expect(csv).toBe("email,status,kind,consentedAt,source,clientAddress,consentText,topics\n");
});
