import { type SmtpSink, startSmtpSink } from "@parlor/mail/testing";
import { afterEach, beforeEach, expect, it } from "vitest";
import { ADMIN_TOKEN, createTestApp, subscribe, subscriberByEmail, WEBHOOK_TOKEN } from "./helpers.ts";

// The operator guide promises that no whole address reaches a log. Outside text quotes addresses where nobody
// chose to log one: a relay's refusal, a provider's bounce payload, an import's rejected row, an error message.
let smtp: SmtpSink;
beforeEach(async () => {
  smtp = await startSmtpSink();
});
afterEach(async () => {
  await smtp.close();
});
const HOOK = "/v1/admin/newsletter/webhooks/bounces";

it("no log line carries a whole address: relay refusals, bounce payloads, import errors", async () => {
  const logs: string[] = [];
  const t = await createTestApp({}, { smtp, logs, logLevel: "debug" });
  await subscribe(t, smtp, "kim@example.org");
  await subscribe(t, smtp, "lee@example.net");

  // A real SMTP relay refusing the recipient with a reply that names it, as Postfix does.
  smtp.failAlways(550, "5.1.1 <kim@example.org>: Recipient address rejected: User unknown in virtual mailbox table");
  const issue = (await (
    await t.admin("POST", "/v1/admin/newsletter/issues", { subject: "Hello", markdown: "Hi" })
  ).json()) as { id: string };
  await t.admin("POST", `/v1/admin/newsletter/issues/${issue.id}/send`);
  await t.dispatcher.runOnce();
  await t.deliver();
  expect((await subscriberByEmail(t, "kim@example.org"))?.status).toBe("bounced");

  // A provider's bounce and complaint payloads (Amazon SES through SNS), quoting the addresses in every field.
  const ses = {
    notificationType: "Complaint",
    mail: { source: "news@blog.example", destination: ["lee@example.net"] },
    complaint: { complainedRecipients: [{ emailAddress: "lee@example.net" }], complaintFeedbackType: "abuse" },
  };
  const sns = (message: object) =>
    t.call(
      "POST",
      HOOK,
      JSON.stringify({ Type: "Notification", TopicArn: "arn:aws:sns:us-east-1:1:b", Message: JSON.stringify(message) }),
      { "Content-Type": "text/plain", Authorization: `Basic ${btoa(`sns:${WEBHOOK_TOKEN}`)}` },
    );
  expect((await sns(ses)).status).toBe(200);
  // A payload it cannot take: the refusal is logged, and must not quote it whole.
  const odd = await t.call(
    "POST",
    HOOK,
    { events: [{ type: "bounce", email: "not-an-address kim@example.org" }] },
    { Authorization: `Bearer ${WEBHOOK_TOKEN}` },
  );
  expect(odd.status).toBeGreaterThanOrEqual(400);

  // An import whose rows are refused, naming the addresses they hold.
  const csv = "email,name,status\nann@example.com,Ann,active\nbad address lee@example.net,,active\n";
  const imported = await t.call("POST", "/v1/admin/newsletter/subscribers.csv", csv, {
    Authorization: `Bearer ${ADMIN_TOKEN}`,
    "Content-Type": "text/csv",
  });
  expect(imported.status).toBe(200);

  const all = logs.join("");
  expect(logs.length).toBeGreaterThan(10);
  expect(all).toContain("k***@example.org"); // the lines are there, masked
  for (const whole of ["kim@example.org", "lee@example.net", "ann@example.com", "news@blog.example"]) {
    expect(all).not.toContain(whole);
  }
  expect(all).not.toMatch(/[\w.+-]{2,}@[\w-]+\.[a-z]{2,}/i);
});
