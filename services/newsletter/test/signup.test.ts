import { type SmtpSink, startSmtpSink } from "@parlor/mail/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { count, createTestApp, mailsTo, subscribe, subscriberByEmail } from "./helpers.ts";

let smtp: SmtpSink;
beforeEach(async () => {
  smtp = await startSmtpSink();
});
afterEach(async () => {
  await smtp.close();
});
const app = (overrides = {}) => createTestApp(overrides, { smtp });

describe("signing up", () => {
  it("answers 202 pending, stores the address as typed and mails one confirmation", async () => {
    const t = await app();
    const res = await t.call("POST", "/v1/subscriptions", {
      email: "  Ann.Lee@Example.COM ",
      name: "Ann",
      source: "/blog/sleep",
      consent: true,
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ status: "pending" });
    const row = await subscriberByEmail(t, "ann.lee@example.com");
    expect(row).toMatchObject({ email: "Ann.Lee@Example.COM", status: "pending", name: "Ann", source: "/blog/sleep" });
    expect(row?.confirm_token_hash).toMatch(/^[0-9a-f]{64}$/);
    await t.deliver();
    const [mail] = mailsTo(smtp, "ann.lee@example.com");
    expect(mail.subject).toMatch(/^Confirm your subscription/);
    expect(mail.text).toContain("https://blog.example/v1/subscriptions/confirm?token=");
    expect(mail.text).not.toContain(row?.confirm_token_hash as string); // the token is mailed; only its hash is kept
  });

  it("queues each confirmation as a small row naming one shared body, and mails each its own link", async () => {
    const t = await app();
    const emails = ["one@example.com", "two@example.com", "three@example.com"];
    for (const email of emails) await t.call("POST", "/v1/subscriptions", { email, consent: true });
    const rows = await t.db.selectFrom("newsletter_outbox").select("message").execute();
    expect(rows).toHaveLength(3);
    // The rendered email (~3 KB) is kept once; a row holds the address, subject, headers and the token.
    for (const row of rows) expect(row.message.length).toBeLessThan(1000);
    const bodies = await t.db.selectFrom("newsletter_mail_body").select(["text", "html"]).execute();
    expect(bodies).toHaveLength(1);
    for (const email of emails) expect(JSON.stringify(bodies)).not.toContain(email);
    await t.deliver();
    const links = emails.map((email) => {
      const [mail] = mailsTo(smtp, email);
      const link = /https:\/\/blog\.example\/v1\/subscriptions\/confirm\?token=[\w-]{43}/.exec(mail.text ?? "")?.[0];
      expect(mail.html).toContain(link);
      return link;
    });
    expect(new Set(links).size).toBe(3);
    for (const link of links) expect(JSON.stringify(bodies)).not.toContain(link);
  });

  it("gives the same answer for a new, pending, active and unsubscribed address (no enumeration)", async () => {
    const t = await app({ ADDRESS_SOFT_LIMIT: "off" as never });
    await subscribe(t, smtp, "active@example.com");
    const unsub = await subscribe(t, smtp, "gone@example.com");
    await t.db.updateTable("subscriber").set({ status: "unsubscribed" }).where("id", "=", unsub.id).execute();
    await t.call("POST", "/v1/subscriptions", { email: "pending@example.com", consent: true });
    const answers = [];
    for (const email of ["new@example.com", "pending@example.com", "ACTIVE@example.com", "gone@example.com"]) {
      const res = await t.call("POST", "/v1/subscriptions", { email, consent: true });
      answers.push([res.status, await res.text(), res.headers.get("content-type")]);
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
  });

  it("sends nothing on a repeat signup of an active address, and keeps it active", async () => {
    const t = await app();
    await subscribe(t, smtp, "ann@example.com");
    const before = mailsTo(smtp, "ann@example.com").length; // confirmation + welcome
    expect(before).toBe(2);
    const res = await t.call("POST", "/v1/subscriptions", { email: "Ann@Example.com ", consent: true });
    expect(res.status).toBe(202);
    await t.deliver();
    expect(mailsTo(smtp, "ann@example.com")).toHaveLength(before);
    expect((await subscriberByEmail(t, "ann@example.com"))?.status).toBe("active");
    expect(await count(t, "subscriber")).toBe(1);
  });

  it("takes an HTML form post and sends the browser back to the page with the outcome", async () => {
    const t = await app();
    const res = await t.form(
      "/v1/subscriptions",
      { email: "form@example.com", consent: "on", source: "/blog/sleep", company: "" },
      { Referer: "https://blog.example/blog/sleep?x=1" },
    );
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("https://blog.example/blog/sleep?x=1&parlor=pending#newsletter");
    expect((await subscriberByEmail(t, "form@example.com"))?.status).toBe("pending");
  });

  it("never redirects a form post to another origin", async () => {
    const t = await app();
    const res = await t.form(
      "/v1/subscriptions",
      { email: "x@example.com", consent: "on", source: "https://evil.example/" },
      { Referer: "https://evil.example/phish" },
    );
    expect(new URL(res.headers.get("location") as string).origin).toBe("https://blog.example");
  });

  it("takes multipart form posts too", async () => {
    const t = await app();
    const body = new FormData();
    body.set("email", "multi@example.com");
    body.set("consent", "on");
    const res = await t.app.request("/v1/subscriptions", {
      method: "POST",
      body,
      headers: { Accept: "application/json", "X-Forwarded-For": "10.9.9.9" },
    });
    expect(res.status).toBe(202);
    expect((await subscriberByEmail(t, "multi@example.com"))?.status).toBe("pending");
  });
});

describe("bad signups", () => {
  it("names every bad field and stores nothing", async () => {
    const t = await app();
    const res = await t.call("POST", "/v1/subscriptions", { email: "not-an-address", consent: false, name: "" });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    const problem = await res.json();
    expect(problem.errors.map((e: { path: string }) => e.path).sort()).toEqual(["consent", "email"]);
    expect(await count(t, "subscriber")).toBe(0);
  });

  it.each([
    [{ email: "a@example.com" }, ["consent"]],
    [{ email: "a@example.com", consent: "true" }, ["consent"]],
    [{ consent: true }, ["email"]],
    [{ email: "a@example.com\r\nBcc: victim@example.com", consent: true }, ["email"]],
    [{ email: "a@example.com\n", consent: true }, ["email"]],
    [{ email: "a@example.com", name: "Ann\r\nBcc: x@example.com", consent: true }, ["name"]],
    [{ email: "a@example.com", source: "/x\r\nSet-Cookie: a=b", consent: true }, ["source"]],
    [{ email: `${"a".repeat(250)}@example.com`, consent: true }, ["email"]],
  ])("refuses %j", async (body, paths) => {
    const t = await app();
    const res = await t.call("POST", "/v1/subscriptions", body);
    expect(res.status).toBe(400);
    expect((await res.json()).errors.map((e: { path: string }) => e.path)).toEqual(paths);
    expect(await count(t, "subscriber")).toBe(0);
    expect(await count(t, "newsletter_outbox")).toBe(0);
  });

  it("refuses a form without the consent box ticked, with a page that keeps the form", async () => {
    const t = await app();
    const res = await t.form("/v1/subscriptions", { email: "a@example.com" });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(await res.text()).toContain("consent");
    expect(await count(t, "subscriber")).toBe(0);
  });

  it("answers 415 for other content types, 413 past 64 KiB, 400 for broken JSON", async () => {
    const t = await app();
    expect((await t.call("POST", "/v1/subscriptions", "email=x", { "Content-Type": "text/plain" })).status).toBe(415);
    const big = JSON.stringify({ email: "a@example.com", consent: true, name: "x".repeat(70_000) });
    expect((await t.call("POST", "/v1/subscriptions", big)).status).toBe(413);
    expect((await t.call("POST", "/v1/subscriptions", "{nope")).status).toBe(400);
    expect(await count(t, "subscriber")).toBe(0);
  });
});

describe("rate limits on the signup endpoint", () => {
  it("answers 429 with Retry-After past the per-client limit", async () => {
    const t = await app({ RATE_LIMIT: { points: 3, windowMs: 600_000 }, SOFT_RATE_LIMIT: "off" });
    const from = { "X-Forwarded-For": "203.0.113.5" };
    for (let i = 0; i < 3; i++) {
      expect(
        (await t.call("POST", "/v1/subscriptions", { email: `p${i}@example.com`, consent: true }, from)).status,
      ).toBe(202);
    }
    const res = await t.call("POST", "/v1/subscriptions", { email: "p9@example.com", consent: true }, from);
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await subscriberByEmail(t, "p9@example.com")).toBeUndefined();
  });

  it("answers 429 past the per-address limit, from any client, so the mailer cannot bomb one inbox", async () => {
    const t = await app({ ADDRESS_RATE_LIMIT: { points: 2, windowMs: 86_400_000 }, ADDRESS_SOFT_LIMIT: "off" });
    expect((await t.call("POST", "/v1/subscriptions", { email: "victim@example.com", consent: true })).status).toBe(
      202,
    );
    expect((await t.call("POST", "/v1/subscriptions", { email: "VICTIM@example.com", consent: true })).status).toBe(
      202,
    );
    const res = await t.call("POST", "/v1/subscriptions", { email: "victim@example.com", consent: true });
    expect(res.status).toBe(429);
    await t.deliver();
    expect(mailsTo(smtp, "victim@example.com")).toHaveLength(2);
  });
});

describe("signups at the same moment", () => {
  it("stores one subscriber and sends one confirmation for many simultaneous signups of one new address", async () => {
    const t = await app({ ADDRESS_SOFT_LIMIT: "off", ADDRESS_RATE_LIMIT: "off" });
    const answers = await Promise.all(
      Array.from({ length: 8 }, () =>
        t.call("POST", "/v1/subscriptions", { email: "race@example.com", consent: true }),
      ),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(8).fill(202));
    expect(await count(t, "subscriber")).toBe(1);
    await t.deliver();
    const mails = mailsTo(smtp, "race@example.com");
    expect(mails.length).toBeGreaterThanOrEqual(1);
    // each signup replaced the previous link; only the newest one works
    expect((await subscriberByEmail(t, "race@example.com"))?.status).toBe("pending");
  });
});
