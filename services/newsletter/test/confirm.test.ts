import { type SmtpSink, startSmtpSink } from "@parlor/mail/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, linkIn, mailsTo, rawHeader, subscriberByEmail, type TestApp, tokenOf } from "./helpers.ts";

let smtp: SmtpSink;
beforeEach(async () => {
  smtp = await startSmtpSink();
});
afterEach(async () => {
  await smtp.close();
});
const app = (overrides = {}) => createTestApp(overrides, { smtp });

async function signupLink(t: TestApp, email = "ann@example.com", extra = {}) {
  await t.call("POST", "/v1/subscriptions", { email, consent: true, ...extra }, { "X-Forwarded-For": "198.51.100.23" });
  await t.deliver();
  return linkIn(mailsTo(smtp, email).at(-1)?.text, "/v1/subscriptions/confirm");
}

describe("confirming a signup (double opt-in)", () => {
  it("works only by POST: the link's GET shows a button and changes nothing", async () => {
    const t = await app();
    const link = await signupLink(t);
    for (let i = 0; i < 3; i++) {
      const page = await t.call("GET", link); // a mail scanner opening the link, several times
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('<form method="post" action="/v1/subscriptions/confirm"');
      expect(html).toContain(`value="${tokenOf(link)}"`);
    }
    expect((await subscriberByEmail(t, "ann@example.com"))?.status).toBe("pending");
    const done = await t.form("/v1/subscriptions/confirm", { token: tokenOf(link) });
    expect(done.status).toBe(200);
    expect(done.headers.get("content-type")).toContain("text/html");
    expect((await subscriberByEmail(t, "ann@example.com"))?.status).toBe("active");
  });

  it("keeps the consent record: when, source, client address and the exact consent text", async () => {
    const t = await app({
      CONSENT_TEXT: "Email me Dr. Kim's health tips. I can unsubscribe with one click at any time.",
    });
    const link = await signupLink(t, "ann@example.com", { source: "/blog/sleep" });
    t.clock.advance(60_000);
    const res = await t.call(
      "POST",
      "/v1/subscriptions/confirm",
      { token: tokenOf(link) },
      {
        Accept: "application/json",
        "X-Forwarded-For": "198.51.100.99",
      },
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "active" });
    const row = await subscriberByEmail(t, "ann@example.com");
    expect(row?.confirmed_at).toBe(t.clock.now().toISOString());
    expect(row?.confirm_token_hash).toBeNull();
    const consent = await t.db.selectFrom("subscriber_consent").selectAll().orderBy("id").execute();
    expect(consent.map((c) => c.kind)).toEqual(["signup", "confirm"]);
    expect(consent[1]).toMatchObject({
      subscriber_id: row?.id,
      consent_text: "Email me Dr. Kim's health tips. I can unsubscribe with one click at any time.",
      source: "/blog/sleep",
      client_address: "198.51.100.99",
      created_at: t.clock.now().toISOString(),
    });
    expect(consent[0].client_address).toBe("198.51.100.23");
  });

  it("mails a welcome with one-click unsubscribe headers", async () => {
    const t = await app();
    const link = await signupLink(t);
    await t.form("/v1/subscriptions/confirm", { token: tokenOf(link) });
    await t.deliver();
    const welcome = mailsTo(smtp, "ann@example.com")[1];
    expect(welcome.subject).toMatch(/^Welcome/);
    expect(rawHeader(welcome, "list-unsubscribe")).toMatch(
      /^<https:\/\/blog\.example\/v1\/subscriptions\/unsubscribe\?token=[\w.-]+>$/,
    );
    expect(rawHeader(welcome, "list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
  });

  it("adds a mailto: to List-Unsubscribe only when one is configured", async () => {
    const t = await app({ UNSUBSCRIBE_MAILTO: "unsubscribe@blog.example" });
    const link = await signupLink(t);
    await t.form("/v1/subscriptions/confirm", { token: tokenOf(link) });
    await t.deliver();
    const welcome = mailsTo(smtp, "ann@example.com")[1];
    expect(rawHeader(welcome, "list-unsubscribe")).toMatch(
      /^<https:\/\/blog\.example\/v1\/subscriptions\/unsubscribe\?token=[\w.-]+>, <mailto:unsubscribe@blog\.example\?subject=unsubscribe>$/,
    );
  });

  it("refuses a used, an expired and a forged token with 400 and a page to sign up again", async () => {
    const t = await app();
    const link = await signupLink(t);
    const token = tokenOf(link);
    expect((await t.form("/v1/subscriptions/confirm", { token })).status).toBe(200);
    const used = await t.form("/v1/subscriptions/confirm", { token });
    expect(used.status).toBe(400);
    const page = await used.text();
    expect(page).toContain("not valid, or it has already been used");
    expect(page).toContain('action="/v1/subscriptions"');
    expect(page).toContain('name="consent"');
    expect((await t.call("GET", link)).status).toBe(400);

    const second = await signupLink(t, "bob@example.com");
    t.clock.advance(7 * 86_400_000 + 1);
    const expired = await t.form("/v1/subscriptions/confirm", { token: tokenOf(second) });
    expect(expired.status).toBe(400);
    expect(await expired.text()).toContain("expired");
    expect((await subscriberByEmail(t, "bob@example.com"))?.status).toBe("pending");

    for (const forged of [`${token.slice(0, -3)}abc`, "x", "", "a b", "<script>"]) {
      const res = await t.form("/v1/subscriptions/confirm", { token: forged });
      expect(res.status).toBe(400);
    }
    const json = await t.call("POST", "/v1/subscriptions/confirm", { token: "forged" }, { Accept: "application/json" });
    expect(json.status).toBe(400);
    expect(json.headers.get("content-type")).toContain("application/problem+json");
    expect((await json.json()).errors[0].path).toBe("token");
  });

  it("lets a new signup replace an older link: the newest link works", async () => {
    const t = await app();
    const first = await signupLink(t);
    const second = await signupLink(t);
    expect((await t.form("/v1/subscriptions/confirm", { token: tokenOf(first) })).status).toBe(400);
    expect((await t.form("/v1/subscriptions/confirm", { token: tokenOf(second) })).status).toBe(200);
  });
});
