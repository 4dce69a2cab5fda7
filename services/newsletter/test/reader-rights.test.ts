import { rowsMentioning } from "@parlor/kit/testing";
import { type SmtpSink, startSmtpSink } from "@parlor/mail/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHashRetention } from "../src/retention/client-hashes.ts";
import {
  count,
  createTestApp,
  linkIn,
  mailsTo,
  subscribe,
  subscriberByEmail,
  type TestApp,
  tokenOf,
} from "./helpers.ts";

// Subscribers' rights through the real path: the request, a real SMTP delivery, the link's page, the button's POST.
let smtp: SmtpSink;
beforeEach(async () => {
  smtp = await startSmtpSink();
});
afterEach(async () => {
  await smtp.close();
});

const ANN = "Ann.Reader@Example.com";
const ann = ANN.toLowerCase();
const ask = (t: TestApp, email: string, action: string, headers: Record<string, string> = {}) =>
  t.call("POST", "/v1/subscriptions/me/requests", { email, action }, headers);
const lastLink = (path: string) => linkIn(mailsTo(smtp, ann).at(-1)?.text, path);

describe("a subscriber's request", () => {
  it("answers the same 202 for a known and an unknown address, mails a link only to the known one, and checks its input", async () => {
    const t = await createTestApp({}, { smtp });
    await subscribe(t, smtp, ANN, { name: "Annabel Quist" });
    const before = smtp.deliveries.length;
    const known = await ask(t, ANN, "export");
    const unknown = await ask(t, "nobody@example.com", "export");
    expect([known.status, unknown.status]).toEqual([202, 202]);
    expect(await known.text()).toBe(await unknown.text());
    await t.deliver();
    expect(smtp.deliveries.length).toBe(before + 2);
    expect(mailsTo(smtp, ann).at(-1)?.subject).toMatch(/^Your data from/);
    // The unknown address is told that nothing is held about it, with no link.
    const nobody = mailsTo(smtp, "nobody@example.com");
    expect(nobody.map((m) => m.subject)).toEqual([`Nothing held about this address by ${t.config.LIST_NAME}`]);
    expect(nobody[0]?.text).not.toContain("/newsletter/me/");
    const bad = await ask(t, "nope", "burn");
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors.map((e: { path: string }) => e.path).sort()).toEqual(["action", "email"]);
    const page = await t.call("GET", "/newsletter/me");
    expect(await page.text()).toContain('action="/v1/subscriptions/me/requests"');
  });

  it("limits requests per client", async () => {
    const t = await createTestApp({ READER_REQUEST_RATE_LIMIT: { points: 1, windowMs: 3_600_000 } }, { smtp });
    const same = { "X-Forwarded-For": "192.0.2.9" };
    expect((await ask(t, "a@example.com", "erase", same)).status).toBe(202);
    expect((await ask(t, "b@example.com", "erase", same)).status).toBe(429);
  });
});

describe("the export and the erasure", () => {
  it("exports the subscriber with the consent record and nobody else's data", async () => {
    const t = await createTestApp({}, { smtp });
    await subscribe(t, smtp, ANN, { name: "Annabel Quist", source: "/blog/sleep" });
    await subscribe(t, smtp, "bob@example.com", { name: "Bob" });
    await ask(t, ANN, "export");
    await t.deliver();
    const link = lastLink("/newsletter/me/export");
    expect(await (await t.call("GET", link)).text()).toContain("Download my data");
    const res = await t.form("/newsletter/me/export", { token: tokenOf(link) });
    expect(res.status).toBe(200);
    const data = await res.json();
    expect(data.subscriber).toMatchObject({
      email: ANN,
      name: "Annabel Quist",
      status: "active",
      source: "/blog/sleep",
    });
    expect(data.consent.map((c: { kind: string }) => c.kind)).toEqual(["signup", "confirm"]);
    expect(data.consent[0].text).toBe(t.config.CONSENT_TEXT);
    expect(data.emails.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(data)).not.toMatch(/bob/i);
    expect((await t.form("/newsletter/me/erase", { token: tokenOf(link) })).status).toBe(400);
  });

  it("erases through the mailed link: no trace of the address in any table but the suppression hash", async () => {
    const t = await createTestApp({ MODERATOR_EMAIL: "moderator@blog.example" }, { smtp });
    await subscribe(t, smtp, ANN, { name: "Annabel Quist" });
    await subscribe(t, smtp, "bob@example.com");
    await ask(t, ANN, "erase");
    await t.deliver();
    const link = lastLink("/newsletter/me/erase");
    const page = await t.call("GET", link);
    expect(await page.text()).toContain("Erase everything");
    expect(await subscriberByEmail(t, ANN)).toBeDefined(); // a GET changes nothing
    const done = await t.form("/newsletter/me/erase", { token: tokenOf(link) });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain("Erased");

    expect(await rowsMentioning(t.db, t.schema, ann)).toEqual({});
    expect(await rowsMentioning(t.db, t.schema, "Annabel Quist")).toEqual({});
    expect(await count(t, "newsletter_suppression")).toBe(1);
    expect(await subscriberByEmail(t, "bob@example.com")).toBeDefined();
    // The link again: nothing left to erase, and it says so.
    const again = await t.form("/newsletter/me/erase", { token: tokenOf(link) });
    expect(await again.text()).toContain("Already erased");
  });
});

describe("client-hash retention", () => {
  it("drops subscribers' client hashes older than the setting, and only those", async () => {
    const t = await createTestApp({}, { smtp });
    await subscribe(t, smtp, "old@example.com");
    t.clock.advance(20 * 86_400_000);
    await subscribe(t, smtp, "young@example.com");
    expect((await subscriberByEmail(t, "old@example.com"))?.client_hash).toBeTruthy();
    t.clock.advance(11 * 86_400_000);
    const job = createHashRetention({ db: t.db, clock: t.clock, retentionMs: t.config.CLIENT_HASH_RETENTION });
    expect(await job.run()).toBe(1);
    expect((await subscriberByEmail(t, "old@example.com"))?.client_hash).toBeNull();
    expect((await subscriberByEmail(t, "young@example.com"))?.client_hash).toBeTruthy();
    expect(await createHashRetention({ db: t.db, clock: t.clock, retentionMs: 0 }).run()).toBe(0);
  });
});
