import { type SmtpSink, startSmtpSink } from "@parlor/mail/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { count, createTestApp, type TestApp } from "./helpers.ts";

// One address rule at every door that takes an address: what the mail layer would refuse to send (a part before
// the @ over 64 characters, an address over 254, a broken domain) is a 400 naming the field, never a 500 (which,
// for readers' requests, also told whether the address was on the list).
const LONG_LOCAL = `${"a".repeat(65)}@example.com`;
const LONG_ADDRESS = `${"a".repeat(64)}@${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(58)}.com`;
const BAD_DOMAIN = "ann@example..com";
const BAD = [LONG_LOCAL, LONG_ADDRESS, BAD_DOMAIN];

let smtp: SmtpSink;
beforeEach(async () => {
  smtp = await startSmtpSink();
});
afterEach(async () => {
  await smtp.close();
});

async function expectRefused(res: Response, field: string) {
  expect(res.status).toBe(400);
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  const problem = await res.json();
  expect(problem.errors.map((e: { path: string }) => e.path)).toContain(field);
  return problem.errors.find((e: { path: string }) => e.path === field).message as string;
}

describe("an address the mail layer could not send to", () => {
  it("is refused with 400 naming the field by signup, readers' requests and the test send; nothing is queued", async () => {
    const t: TestApp = await createTestApp({ MODERATOR_EMAIL: "moderator@blog.example" }, { smtp });
    const issue = await (
      await t.admin("POST", "/v1/admin/newsletter/issues", { subject: "Hi", markdown: "Hello" })
    ).json();
    const messages: string[] = [];
    for (const email of BAD) {
      messages.push(await expectRefused(await t.call("POST", "/v1/subscriptions", { email, consent: true }), "email"));
      for (const action of ["export", "erase"]) {
        await expectRefused(await t.call("POST", "/v1/subscriptions/me/requests", { email, action }), "email");
      }
      await expectRefused(await t.admin("POST", `/v1/admin/newsletter/issues/${issue.id}/test`, { to: email }), "to");
    }
    expect(messages).toEqual([
      "the part before @ must be at most 64 characters",
      "must be at most 254 characters",
      "the part after @ must be a domain name, such as example.com",
    ]);
    expect(await count(t, "subscriber")).toBe(0);
    expect(await count(t, "newsletter_outbox")).toBe(0);
  });

  it("is reported as an invalid line by the CSV import, which adds the rest", async () => {
    const t = await createTestApp({}, { smtp });
    const text = ["email,name", "ok@example.com,Ok", ...BAD.map((e) => `${e},Bad`), ""].join("\n");
    const res = await t.admin("POST", "/v1/admin/newsletter/subscribers.csv", text, { "Content-Type": "text/csv" });
    expect(res.status).toBe(200);
    const report = await res.json();
    expect(report.added).toBe(1);
    expect(report.invalid.map((i: { line: number }) => i.line)).toEqual([3, 4, 5]);
    for (const i of report.invalid) expect(i.reason).toContain("email");
  });
});
