import { type SmtpSink, startSmtpSink } from "@parlor/mail/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ADMIN_TOKEN, count, createTestApp, mailsTo, subscribe, subscriberByEmail, WEBHOOK_TOKEN } from "./helpers.ts";

let smtp: SmtpSink;
beforeEach(async () => {
  smtp = await startSmtpSink();
});
afterEach(async () => {
  await smtp.close();
});
const app = (overrides = {}) => createTestApp(overrides, { smtp });
const HOOK = "/v1/admin/newsletter/webhooks/bounces";

describe("bounces at send time", () => {
  it("marks a subscriber the relay refuses permanently as bounced, with the reason, and suppresses the address", async () => {
    const t = await app();
    await subscribe(t, smtp, "gone@example.com");
    smtp.failAlways(550, "5.1.1 No such user here");
    const issue = await (
      await t.admin("POST", "/v1/admin/newsletter/issues", { subject: "Hello", markdown: "Hi" })
    ).json();
    await t.admin("POST", `/v1/admin/newsletter/issues/${issue.id}/send`);
    await t.dispatcher.runOnce();
    await t.deliver();
    const row = await subscriberByEmail(t, "gone@example.com");
    expect(row?.status).toBe("bounced");
    expect(row?.reason).toContain("No such user here");
    const listed = await (await t.admin("GET", "/v1/admin/newsletter/subscribers?status=bounced")).json();
    expect(listed.subscribers[0].reason).toMatch(/^bounce: .*550/);
    expect(await count(t, "newsletter_suppression")).toBe(1);
    const view = await (await t.admin("GET", `/v1/admin/newsletter/issues/${issue.id}`)).json();
    expect(view).toMatchObject({ recipients: 1, sent: 0, failed: 1, pending: 0 });
  });

  it("does not suppress on a policy refusal (5.7.x) or a temporary one", async () => {
    const t = await app();
    await subscribe(t, smtp, "ann@example.com");
    smtp.failAlways(550, "5.7.1 Sender not authorised");
    await t.call("POST", "/v1/subscriptions", { email: "bob@example.com", consent: true });
    await t.deliver();
    expect((await subscriberByEmail(t, "bob@example.com"))?.status).toBe("pending");
    expect(await count(t, "newsletter_suppression")).toBe(0);
  });
});

describe("the bounce and complaint webhook", () => {
  it("takes the generic shape with the webhook token: bounce → bounced, complaint → unsubscribed", async () => {
    const t = await app();
    await subscribe(t, smtp, "a@example.com");
    await subscribe(t, smtp, "b@example.com");
    const res = await t.call(
      "POST",
      HOOK,
      {
        events: [
          { type: "bounce", email: "A@example.com", reason: "550 5.1.1 unknown user" },
          { type: "complaint", email: "b@example.com" },
          { type: "bounce", email: "c@example.com", permanent: false },
        ],
      },
      { Authorization: `Bearer ${WEBHOOK_TOKEN}` },
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ processed: 3, suppressed: 2, ignored: 1 });
    expect(await subscriberByEmail(t, "a@example.com")).toMatchObject({
      status: "bounced",
      reason: "bounce: 550 5.1.1 unknown user",
    });
    expect(await subscriberByEmail(t, "b@example.com")).toMatchObject({
      status: "unsubscribed",
      reason: "complaint: reported as spam",
    });
    expect(await count(t, "newsletter_suppression")).toBe(2);
  });

  it("takes Amazon SES notifications through SNS (text/plain, Basic auth as SNS sends it)", async () => {
    const t = await app();
    await subscribe(t, smtp, "gone@example.com");
    const message = {
      notificationType: "Bounce",
      bounce: {
        bounceType: "Permanent",
        bounceSubType: "General",
        bouncedRecipients: [{ emailAddress: "gone@example.com", diagnosticCode: "smtp; 550 5.1.1 user unknown" }],
      },
    };
    const res = await t.call(
      "POST",
      HOOK,
      JSON.stringify({ Type: "Notification", TopicArn: "arn:aws:sns:us-east-1:1:b", Message: JSON.stringify(message) }),
      { "Content-Type": "text/plain; charset=UTF-8", Authorization: `Basic ${btoa(`sns:${WEBHOOK_TOKEN}`)}` },
    );
    expect(res.status).toBe(200);
    expect((await subscriberByEmail(t, "gone@example.com"))?.status).toBe("bounced");
    const confirm = await t.call(
      "POST",
      `${HOOK}?token=${WEBHOOK_TOKEN}`,
      JSON.stringify({ Type: "SubscriptionConfirmation", TopicArn: "t", SubscribeURL: "https://sns.example/confirm" }),
      { "Content-Type": "text/plain" },
    );
    expect(confirm.status).toBe(200);
  });

  it("takes Postmark bounce and spam-complaint webhooks", async () => {
    const t = await app();
    await subscribe(t, smtp, "hard@example.com");
    await subscribe(t, smtp, "soft@example.com");
    const hook = (body: object) => t.call("POST", HOOK, body, { Authorization: `Bearer ${ADMIN_TOKEN}` });
    expect(
      (await hook({ RecordType: "Bounce", Type: "HardBounce", Email: "hard@example.com", Description: "Unknown user" }))
        .status,
    ).toBe(200);
    expect((await hook({ RecordType: "Bounce", Type: "SoftBounce", Email: "soft@example.com" })).status).toBe(200);
    expect((await subscriberByEmail(t, "hard@example.com"))?.status).toBe("bounced");
    expect((await subscriberByEmail(t, "soft@example.com"))?.status).toBe("active");
    expect((await hook({ RecordType: "SpamComplaint", Type: "SpamComplaint", Email: "soft@example.com" })).status).toBe(
      200,
    );
    expect((await subscriberByEmail(t, "soft@example.com"))?.status).toBe("unsubscribed");
  });

  it("refuses bad payloads (400, nothing stored) and bad credentials (401); the webhook token opens nothing else", async () => {
    const t = await app();
    const auth = { Authorization: `Bearer ${WEBHOOK_TOKEN}` };
    for (const body of [
      { type: "bounce", email: "nope" },
      { events: [] },
      { Type: "Notification", TopicArn: "t", Message: "{" },
    ]) {
      const res = await t.call("POST", HOOK, body, auth);
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
    }
    expect((await t.call("POST", HOOK, "<xml/>", { ...auth, "Content-Type": "application/xml" })).status).toBe(415);
    expect((await t.call("POST", HOOK, { type: "bounce", email: "a@example.com" })).status).toBe(401);
    expect((await t.call("POST", `${HOOK}?token=wrong`, { type: "bounce", email: "a@example.com" })).status).toBe(401);
    expect(await count(t, "newsletter_suppression")).toBe(0);
    const other = await t.call("GET", "/v1/admin/newsletter/subscribers", undefined, auth);
    expect(other.status).toBe(401);
    expect(mailsTo(smtp, "a@example.com")).toHaveLength(0);
  });
});
