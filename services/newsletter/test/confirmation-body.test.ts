import { hashToken } from "@parlor/kit";
import { bothRoads, rawRequest } from "@parlor/kit/testing/fast-lanes";
import { type SmtpSink, startSmtpSink } from "@parlor/mail/testing";
import { testDkim } from "@parlor/mail/testing/dkim";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { confirmationMail } from "../src/subscriptions/subscription.mail.ts";
import { count, createTestApp, linkIn, mailsTo, subscriberByEmail, type TestApp, tokenOf } from "./helpers.ts";

// The confirmation queued as a small row naming a shared body (newsletter_mail_body, migration 0021): each
// email must still carry its own token and language, whatever happens between the signup and the send.
const dkim = testDkim("blog.example");
let smtp: SmtpSink;
beforeEach(async () => {
  smtp = await startSmtpSink();
});
afterEach(async () => {
  await smtp.close();
});

/** The confirmation mailed to `email`: its token, which must be the one whose hash the subscriber row keeps. */
async function confirmationOf(t: TestApp, email: string) {
  const mails = mailsTo(smtp, email);
  expect(mails, `confirmations mailed to ${email}`).toHaveLength(1);
  const [mail] = mails;
  const token = tokenOf(linkIn(mail.text, "/v1/subscriptions/confirm"));
  expect(mail.html).toContain(`token=${token}`);
  expect(hashToken(token)).toBe((await subscriberByEmail(t, email))?.confirm_token_hash);
  return { mail, token };
}

describe("a confirmation queued as a row naming a shared body", () => {
  it("mails each of 30 concurrent signups its own token, from one stored body", async () => {
    const t = await createTestApp({}, { smtp, dkim: dkim.options });
    const emails = Array.from({ length: 30 }, (_, i) => `reader${i}@example.com`);
    const answers = await Promise.all(
      emails.map((email, i) =>
        t.call("POST", "/v1/subscriptions", { email, consent: true }, i % 3 === 0 ? { "Accept-Language": "es" } : {}),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(emails.map(() => 202));
    expect(await t.db.selectFrom("newsletter_mail_body").select("ref").execute()).toHaveLength(2); // en, es
    await t.deliver();
    const tokens = new Set<string>();
    for (const [i, email] of emails.entries()) {
      const { mail, token } = await confirmationOf(t, email);
      tokens.add(token);
      expect(mail.subject).toMatch(i % 3 === 0 ? /^Confirma tu suscripción/ : /^Confirm your subscription/);
      // Byte for byte the email a whole render with this token gives (as mailparser decodes the relay's copy).
      const link = `https://blog.example${linkIn(mail.text, "/v1/subscriptions/confirm")}`;
      const whole = confirmationMail(email, link, t.config, i % 3 === 0 ? "es" : null);
      expect(link).toBe(`https://blog.example/v1/subscriptions/confirm?token=${token}`);
      expect(mail.text?.trimEnd()).toBe(whole.text.trimEnd());
      expect(mail.html).toBe(whole.html);
    }
    expect(tokens.size).toBe(30);
    for (const d of smtp.deliveries) expect((await dkim.verify(d.raw)).result).toBe("pass");
  });

  it("after a restart with another list name and consent text, mails the earlier signups their own working links", async () => {
    const before = await createTestApp({ LIST_NAME: "Old notes" });
    await before.call("POST", "/v1/subscriptions", { email: "ann@example.com", consent: true });
    await before.call(
      "POST",
      "/v1/subscriptions",
      { email: "ana@example.com", consent: true },
      { "Accept-Language": "es" },
    );
    const after = await createTestApp(
      { LIST_NAME: "New notes", CONSENT_TEXT: "Yes, send me the new notes." },
      { smtp, dkim: dkim.options, shareStoreWith: { dir: before.dir, schema: before.schema } },
    );
    await after.call("POST", "/v1/subscriptions", { email: "bo@example.com", consent: true });
    await after.deliver();
    const ann = await confirmationOf(after, "ann@example.com");
    const ana = await confirmationOf(after, "ana@example.com");
    const bo = await confirmationOf(after, "bo@example.com");
    // What each was asked to confirm is what the list was called when they signed up, in their language.
    expect(ann.mail.subject).toBe("Confirm your subscription to Old notes");
    expect(ana.mail.subject).toBe("Confirma tu suscripción a Old notes");
    expect(bo.mail.subject).toBe("Confirm your subscription to New notes");
    expect(ann.mail.text).toContain("Old notes");
    expect(ann.mail.text).not.toContain("New notes");
    for (const d of smtp.deliveries) expect((await dkim.verify(d.raw)).result).toBe("pass");
    for (const { token } of [ann, ana, bo]) {
      expect((await after.form("/v1/subscriptions/confirm", { token })).status).toBe(200);
    }
  });

  it("still mails a later signup's confirmation after the shared body row went missing", async () => {
    const t = await createTestApp({}, { smtp });
    expect((await t.call("POST", "/v1/subscriptions", { email: "ann@example.com", consent: true })).status).toBe(202);
    // The body row is gone (a restored table, an operator's cleanup): the process still believes it is stored.
    await t.db.deleteFrom("newsletter_mail_body").execute();
    expect((await t.call("POST", "/v1/subscriptions", { email: "bob@example.com", consent: true })).status).toBe(202);
    await t.deliver();
    const dead = await t.db.selectFrom("newsletter_outbox").select(["recipient", "status", "last_error"]).execute();
    // Both acknowledged signups get their email: the body (named by a hash of its content) is stored again with the
    // next signup that needs it, and a row waiting for its body is retried, not dead-lettered at once.
    expect(mailsTo(smtp, "bob@example.com"), JSON.stringify(dead)).toHaveLength(1);
    expect(mailsTo(smtp, "ann@example.com"), JSON.stringify(dead)).toHaveLength(1);
  });

  it("refuses a signup with two Content-Type headers as Hono does (415), queuing no email", async () => {
    const t = await createTestApp({}, { smtp });
    const { fast, plain } = await bothRoads(t);
    // Node keeps only the first Content-Type in req.headers; @hono/node-server joins every one from rawHeaders.
    const raw = async (port: number, email: string) => {
      const body = JSON.stringify({ email, consent: true });
      const out = await rawRequest(
        port,
        "POST /v1/subscriptions HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" +
          `Content-Type: application/json\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
      return out.split("\r\n")[0];
    };
    const viaHono = await raw(plain, "hono@example.com");
    const viaLane = await raw(fast, "lane@example.com");
    expect({ viaHono, viaLane }).toEqual({ viaHono: "HTTP/1.1 415 Unsupported Media Type", viaLane: viaHono });
    expect(await count(t, "newsletter_outbox")).toBe(0);
  });
});
