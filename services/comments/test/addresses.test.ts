import { type SmtpSink, startSmtpSink } from "@parlor/mail/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, rowCount } from "./helpers.ts";

// One address rule at every door that takes an address: what the mail layer would refuse to send (a part before
// the @ over 64 characters, an address over 254, a broken domain) is a 400 naming the field, never a 500 (which,
// for readers' requests, also told whether the address was on file).
const LONG_LOCAL = `${"a".repeat(65)}@example.com`;
const LONG_ADDRESS = `${"a".repeat(64)}@${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(58)}.com`;
const BAD_DOMAIN = "ann@-example.com";
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
  it("is refused with 400 naming the field by the comment form, notify-me, readers' requests and the admin erasure", async () => {
    const t = await createTestApp({ MODERATOR_EMAIL: "moderator@blog.example" }, { smtpUrl: smtp.url });
    const messages: string[] = [];
    for (const email of BAD) {
      const comment = { uri: "/blog/post", author: { name: "Ann", email }, body: "Hello" };
      messages.push(await expectRefused(await t.call("POST", "/v1/comments", comment), "author.email"));
      await expectRefused(await t.call("POST", "/v1/comments", { ...comment, notifyReplies: true }), "author.email");
      for (const action of ["export", "erase"]) {
        await expectRefused(await t.call("POST", "/v1/comments/me/requests", { email, action }), "email");
      }
      await expectRefused(await t.admin("POST", "/v1/admin/comments/erase-author", { email }), "email");
    }
    expect(messages).toEqual([
      "the part before @ must be at most 64 characters",
      "must be at most 254 characters",
      "the part after @ must be a domain name, such as example.com",
    ]);
    expect(await rowCount(t)).toBe(0);
    await t.deliver();
    expect(smtp.deliveries).toHaveLength(0);
  });
});
