import { type SmtpSink, startSmtpSink } from "@parlor/mail/testing";
import { webhookConfigShape } from "@parlor/webhooks";
import { afterEach, beforeEach, expect, it } from "vitest";
import { WEBHOOK_OUTBOX_TABLE } from "../src/db/schema.ts";
import {
  ADMIN_TOKEN,
  createTestApp,
  mailsTo,
  rawHeader,
  subscribe,
  subscriberByEmail,
  type TestApp,
  WEBHOOK_TOKEN,
} from "./helpers.ts";

let smtp: SmtpSink;
beforeEach(async () => {
  smtp = await startSmtpSink();
});
afterEach(async () => {
  await smtp.close();
});
const HOOK = "/v1/admin/newsletter/webhooks/bounces";

/** Every event queued so far, as `type cause email-or-id status`, in order. */
async function events(t: TestApp): Promise<string[]> {
  const rows = await t.db.selectFrom(WEBHOOK_OUTBOX_TABLE).select(["message"]).orderBy("id").execute();
  return rows.map((r) => {
    const { type, data } = JSON.parse(JSON.parse(r.message).body);
    return type === "issue.sent"
      ? `${type} ${data.cause}`
      : `${type} ${data.cause} ${data.email ?? data.id} ${data.status}`;
  });
}

it("every subscriber who leaves the list is announced once, whatever the cause: reader, complaint, bounce, erasure (not a rejected signup, nor an import)", async () => {
  const t = await createTestApp(
    {
      WEBHOOK_URLS: webhookConfigShape.WEBHOOK_URLS.parse("*=http://127.0.0.1:9/hooks"),
      WEBHOOK_SECRET: "whsec-newsletter-causes-0123",
    },
    { smtp },
  );
  for (const who of ["reader", "complains", "hard", "erased"]) await subscribe(t, smtp, `${who}@example.com`);
  const erasedId = (
    await t.db.selectFrom("subscriber").select("id").where("email", "=", "erased@example.com").executeTakeFirstOrThrow()
  ).id;

  // The reader's one-click unsubscribe.
  const welcome = mailsTo(smtp, "reader@example.com").at(-1);
  const unsubscribe = /<https:\/\/blog\.example([^>]+)>/.exec(
    String(welcome && rawHeader(welcome, "list-unsubscribe")),
  )?.[1];
  expect((await t.form(unsubscribe ?? "", { "List-Unsubscribe": "One-Click" })).status).toBe(200);
  // A complaint and a hard bounce from the relay's webhook, each sent twice (relays repeat themselves).
  const hook = (events: object[]) => t.call("POST", HOOK, { events }, { Authorization: `Bearer ${WEBHOOK_TOKEN}` });
  for (let i = 0; i < 2; i++) {
    await hook([{ type: "complaint", email: "complains@example.com" }]);
    await hook([{ type: "bounce", email: "hard@example.com", reason: "550 5.1.1 unknown user" }]);
  }
  // The owner erases one subscriber.
  expect((await t.admin("DELETE", `/v1/admin/newsletter/subscribers/${erasedId}`)).status).toBeLessThan(300);
  // A signup a moderator rejects before it was confirmed never reached the list: nothing to announce.
  expect((await t.call("POST", "/v1/subscriptions", { email: "never@example.com", consent: true })).status).toBe(202);
  const never = await subscriberByEmail(t, "never@example.com");
  expect((await t.admin("POST", `/v1/admin/newsletter/subscribers/${never?.id}/reject`)).status).toBe(200);
  // An import brings people in silently, as documented: no subscriber.confirmed for them.
  const csv = "email,status,confirmedAt\nimported@example.com,active,2025-01-01T00:00:00Z\n";
  const imported = await t.call("POST", "/v1/admin/newsletter/subscribers.csv", csv, {
    Authorization: `Bearer ${ADMIN_TOKEN}`,
    "Content-Type": "text/csv",
  });
  expect(imported.status).toBe(200);

  expect(await events(t)).toEqual([
    "subscriber.confirmed reader reader@example.com active",
    "subscriber.confirmed reader complains@example.com active",
    "subscriber.confirmed reader hard@example.com active",
    // (erased@example.com's own subscriber.confirmed, still queued, named the address: the erasure forgot it)
    "subscriber.unsubscribed reader reader@example.com unsubscribed",
    "subscriber.unsubscribed complaint complains@example.com unsubscribed",
    "subscriber.unsubscribed bounce hard@example.com bounced",
    `subscriber.unsubscribed erasure ${erasedId} erased`,
  ]);
});

it("a bounce at send time (the relay's 550) announces the unsubscribe once, and the issue's send with its cause", async () => {
  const t = await createTestApp(
    {
      WEBHOOK_URLS: webhookConfigShape.WEBHOOK_URLS.parse("*=http://127.0.0.1:9/hooks"),
      WEBHOOK_SECRET: "whsec-newsletter-causes-0123",
    },
    { smtp },
  );
  await subscribe(t, smtp, "gone@example.com");
  smtp.failAlways(550, "5.1.1 No such user here");
  const issue = (await (
    await t.admin("POST", "/v1/admin/newsletter/issues", { subject: "Hello", markdown: "Hi" })
  ).json()) as { id: string };
  await t.admin("POST", `/v1/admin/newsletter/issues/${issue.id}/send`);
  for (let i = 0; i < 3; i++) {
    await t.dispatcher.runOnce();
    await t.deliver();
  }
  expect(await events(t)).toEqual([
    "subscriber.confirmed reader gone@example.com active",
    "subscriber.unsubscribed bounce gone@example.com bounced",
    "issue.sent editor",
  ]);
});
