import { createMailWorker, createSmtpTransport } from "@parlor/mail";
import { type SmtpSink, startSmtpSink } from "@parlor/mail/testing";
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { OUTBOX_TABLE } from "../src/db/schema.ts";
import { createIssueDispatcher } from "../src/issues/issue.dispatcher.ts";
import { createLinks } from "../src/links.ts";
import { count, createTestApp, PUBLIC_URL, rawHeader, seedActive, subscriberByEmail, type TestApp } from "./helpers.ts";

let smtp: SmtpSink;
beforeEach(async () => {
  smtp = await startSmtpSink();
});
afterEach(async () => {
  await smtp.close();
});
const app = (overrides = {}, batchSize = 50) => createTestApp(overrides, { smtp, batchSize });

const MARKDOWN = `# Sleep before supplements

Most of my patients ask about **magnesium**. Start with [sleep hygiene](https://pubmed.ncbi.nlm.nih.gov/29898390/).

- dark room
- same wake time

<script>alert(1)</script>`;

/** A trigger that fails the delivery insert of one subscriber: the process "dies" inside that chunk's transaction. */
async function crashOnInsert(t: TestApp, subscriberId: string) {
  if (t.sqlite) {
    t.sqlite.exec(
      `CREATE TRIGGER crash BEFORE INSERT ON newsletter_delivery WHEN NEW.subscriber_id = '${subscriberId}'
       BEGIN SELECT RAISE(ABORT, 'the process died'); END`,
    );
    return;
  }
  await sql
    .raw(`CREATE FUNCTION crash() RETURNS trigger AS $$ BEGIN
      IF NEW.subscriber_id = '${subscriberId}' THEN RAISE EXCEPTION 'the process died'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`)
    .execute(t.db);
  await sql
    .raw("CREATE TRIGGER crash BEFORE INSERT ON newsletter_delivery FOR EACH ROW EXECUTE FUNCTION crash()")
    .execute(t.db);
}

async function draft(t: TestApp, subject = "Sleep, then supplements") {
  const res = await t.admin("POST", "/v1/admin/newsletter/issues", { subject, markdown: MARKDOWN });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; slug: string; status: string };
}

describe("drafting an issue", () => {
  it("creates a draft with a slug, renders safe HTML and text, and previews the email", async () => {
    const t = await app();
    const issue = await draft(t);
    expect(issue).toMatchObject({ slug: "sleep-then-supplements", status: "draft", recipients: 0 });
    expect((await draft(t)).slug).toBe("sleep-then-supplements-2");
    const preview = await (
      await t.admin("GET", `/v1/admin/newsletter/issues/${issue.id}/preview`, undefined, { Accept: "application/json" })
    ).json();
    expect(preview.html).toContain('<h2 style="');
    expect(preview.html).toContain('href="https://pubmed.ncbi.nlm.nih.gov/29898390/"');
    expect(preview.html).not.toMatch(/<script|<img/);
    expect(preview.text).toContain("sleep hygiene (https://pubmed.ncbi.nlm.nih.gov/29898390/)");
    expect(preview.text).toContain("This newsletter is for education and is not medical advice.");
    expect(preview.text).toContain("100 Main Street, Springfield");
    const page = await t.admin("GET", `/v1/admin/newsletter/issues/${issue.id}/preview`);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(page.headers.get("content-security-policy")).toContain("default-src 'none'");
    const unsaved = await t.admin("POST", "/v1/admin/newsletter/issues/preview", {
      subject: "Draft",
      markdown: "*hi*",
    });
    expect((await unsaved.json()).html).toContain("<em>hi</em>");
  });

  it("edits a draft only, and names every bad field", async () => {
    const t = await app();
    const issue = await draft(t);
    const edited = await t.admin("PATCH", `/v1/admin/newsletter/issues/${issue.id}`, { subject: "New subject" });
    expect((await edited.json()).subject).toBe("New subject");
    const bad = await t.admin("POST", "/v1/admin/newsletter/issues", {
      subject: "a\r\nBcc: x@example.com",
      markdown: "",
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors.map((e: { path: string }) => e.path).sort()).toEqual(["markdown", "subject"]);
    expect((await t.admin("GET", "/v1/admin/newsletter/issues/01NOPE")).status).toBe(404);
    expect(await count(t, "newsletter_issue")).toBe(1);
  });

  it("test-sends one copy to one address (202), marked [Test]", async () => {
    const t = await app();
    const issue = await draft(t);
    const res = await t.admin("POST", `/v1/admin/newsletter/issues/${issue.id}/test`, { to: "editor@blog.example" });
    expect(res.status).toBe(202);
    expect((await t.admin("POST", `/v1/admin/newsletter/issues/${issue.id}/test`, { to: "x\r\n@y" })).status).toBe(400);
    await t.deliver();
    expect(smtp.deliveries).toHaveLength(1);
    expect(smtp.deliveries[0].rcptTo).toEqual(["editor@blog.example"]);
    expect(smtp.deliveries[0].mail.subject).toBe("[Test] Sleep, then supplements");
    expect((await (await t.admin("GET", `/v1/admin/newsletter/issues/${issue.id}`)).json()).status).toBe("draft");
  });
});

describe("sending an issue", () => {
  it("reaches each of 1,000 subscribers exactly once, with RFC 8058 headers, and a one-click POST unsubscribes", async () => {
    const t = await app({}, 200);
    const seeded = await seedActive(t, 1000);
    await t.db
      .insertInto("subscriber")
      .values({
        ...seeded[0],
        id: "01UNSUB",
        email: "out@example.org",
        email_key: "out@example.org",
        status: "unsubscribed",
      })
      .execute();
    const issue = await draft(t);
    const sent = await t.admin("POST", `/v1/admin/newsletter/issues/${issue.id}/send`);
    expect(sent.status).toBe(202);
    expect((await sent.json()).status).toBe("sending");
    expect((await t.admin("POST", `/v1/admin/newsletter/issues/${issue.id}/send`)).status).toBe(409);

    expect(await t.dispatcher.runOnce()).toMatchObject({ queued: 1000 });
    // The issue's body is kept once; each queued row holds the address, headers and link (a few hundred bytes).
    const rows = await t.db.selectFrom("newsletter_outbox").select("message").execute();
    expect(Math.max(...rows.map((r) => r.message.length))).toBeLessThan(1000);
    const during = await (await t.admin("GET", `/v1/admin/newsletter/issues/${issue.id}`)).json();
    expect(during).toMatchObject({ status: "sending", recipients: 1000, sent: 0, failed: 0, pending: 1000 });
    await t.dispatcher.runOnce(); // nothing more to queue, and not done yet
    await t.deliver();
    expect(await t.dispatcher.runOnce()).toMatchObject({ finished: 1 });
    const after = await (await t.admin("GET", `/v1/admin/newsletter/issues/${issue.id}`)).json();
    expect(after).toMatchObject({ status: "sent", recipients: 1000, sent: 1000, failed: 0, pending: 0 });

    expect(smtp.deliveries).toHaveLength(1000);
    const recipients = smtp.deliveries.flatMap((d) => d.rcptTo);
    expect(new Set(recipients).size).toBe(1000);
    expect(recipients).not.toContain("out@example.org");
    const tokens = new Set<string>();
    for (const { mail, rcptTo } of smtp.deliveries) {
      const header = rawHeader(mail, "list-unsubscribe") ?? "";
      expect(header).toMatch(/^<https:\/\/blog\.example\/v1\/subscriptions\/unsubscribe\?token=[\w.-]+>$/);
      expect(rawHeader(mail, "list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
      expect(mail.text).toContain(header.slice(1, -1)); // the same link in the footer
      expect(mail.html).not.toMatch(/<img|<script/i); // no tracking pixel
      expect(mail.subject).toBe("Sleep, then supplements");
      tokens.add(header);
      if (rcptTo[0] === "reader500@example.org") {
        const target = header.slice(1 + PUBLIC_URL.length, -1);
        const res = await t.call("POST", target, "List-Unsubscribe=One-Click", {
          "Content-Type": "application/x-www-form-urlencoded",
        });
        expect(res.status).toBe(200);
      }
    }
    expect(tokens.size).toBe(1000); // one link per person
    expect((await subscriberByEmail(t, "reader500@example.org"))?.status).toBe("unsubscribed");

    const next = await draft(t, "Next week");
    await t.admin("POST", `/v1/admin/newsletter/issues/${next.id}/send`);
    await t.dispatcher.runOnce();
    expect((await (await t.admin("GET", `/v1/admin/newsletter/issues/${next.id}`)).json()).recipients).toBe(999);
  }, 60_000); // 1,000 deliveries through real SMTP; slow on a busy 2-core machine

  it("resumes a fan-out cut short without queuing anyone twice", async () => {
    const t = await app();
    const seeded = await seedActive(t, 120);
    const issue = await draft(t);
    await t.admin("POST", `/v1/admin/newsletter/issues/${issue.id}/send`);
    // A first process queues one chunk of 50, then dies inside the second (its transaction never commits).
    await crashOnInsert(t, seeded[75].id);
    const links = createLinks({ linkKey: t.secrets.linkKey, publicUrl: () => PUBLIC_URL, clock: t.clock });
    const first = createIssueDispatcher({
      db: t.db,
      config: t.config,
      clock: t.clock,
      secrets: t.secrets,
      links,
      events: { emit() {} },
      chunkSize: 50,
    });
    await expect(first.runOnce()).rejects.toThrow("the process died");
    expect(await count(t, "newsletter_outbox")).toBe(50);
    await sql
      .raw("DROP TRIGGER crash")
      .execute(t.db)
      .catch(() => sql.raw("DROP TRIGGER crash ON newsletter_delivery").execute(t.db));
    // The worst case: the cursor is lost as well. The idempotency keys still hold.
    await t.db.updateTable("newsletter_issue").set({ fanout_after: null }).execute();
    await t.dispatcher.runOnce();
    expect(await count(t, "newsletter_outbox")).toBe(120);
    expect(await count(t, "newsletter_delivery")).toBe(120);
    await t.deliver();
    expect(smtp.deliveries).toHaveLength(120);
    expect(new Set(smtp.deliveries.flatMap((d) => d.rcptTo)).size).toBe(120);
  });

  it("schedules an issue for later, sends it when the time comes, and can be cancelled before", async () => {
    const t = await app();
    await seedActive(t, 3);
    const issue = await draft(t);
    const at = new Date(t.clock.now().getTime() + 3_600_000).toISOString();
    const res = await t.admin("POST", `/v1/admin/newsletter/issues/${issue.id}/send`, { at });
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ status: "scheduled", scheduledAt: at });
    expect((await t.admin("POST", `/v1/admin/newsletter/issues/${issue.id}/send`)).status).toBe(409);
    expect(await t.dispatcher.runOnce()).toMatchObject({ started: 0, queued: 0 });
    t.clock.advance(3_600_000);
    expect(await t.dispatcher.runOnce()).toMatchObject({ started: 1, queued: 3 });

    const other = await draft(t, "Later");
    await t.admin("POST", `/v1/admin/newsletter/issues/${other.id}/send`, { at: "2030-01-01T00:00:00Z" });
    expect((await (await t.admin("POST", `/v1/admin/newsletter/issues/${other.id}/cancel`)).json()).status).toBe(
      "draft",
    );
    expect((await t.admin("POST", `/v1/admin/newsletter/issues/${other.id}/send`, { at: "tomorrow" })).status).toBe(
      400,
    );
  });

  it("refuses to send without a postal address (CAN-SPAM)", async () => {
    const t = await app({ POSTAL_ADDRESS: undefined });
    const issue = await draft(t);
    const res = await t.admin("POST", `/v1/admin/newsletter/issues/${issue.id}/send`);
    expect(res.status).toBe(409);
    expect((await res.json()).detail).toContain("POSTAL_ADDRESS");
  });
});

describe("an issue sent now", () => {
  // The dispatcher and the mail worker poll every MAIL_POLL_INTERVAL; a send request wakes the one, and each
  // committed chunk of copies the other, so the first copies leave at once (the polls took up to 2 s of a send).
  it("goes out at once, without waiting for the dispatcher's or the mail worker's next poll", async () => {
    const t = await app();
    await seedActive(t, 3);
    const transport = createSmtpTransport(smtp.url, { from: t.config.MAIL_FROM, maxConnections: 2 });
    const worker = createMailWorker({
      db: t.db,
      table: OUTBOX_TABLE,
      transport,
      logger: { info() {}, warn() {}, error() {} },
      bodies: t.bodies,
      settings: { pollIntervalMs: 3_600_000, ratePerSecond: 0, maxConnections: 2 },
    });
    worker.start();
    t.dispatcher.start(3_600_000, { onQueued: () => worker.wake() });
    try {
      await new Promise((r) => setTimeout(r, 50)); // both idle now, for an hour
      const issue = await draft(t);
      const started = Date.now();
      expect((await t.admin("POST", `/v1/admin/newsletter/issues/${issue.id}/send`)).status).toBe(202);
      while (smtp.deliveries.length < 3 && Date.now() - started < 5_000) await new Promise((r) => setTimeout(r, 20));
      expect(smtp.deliveries).toHaveLength(3);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await t.dispatcher.stop();
      await worker.stop();
      await transport.close();
    }
  });
});

describe("the public archive", () => {
  it("lists sent issues newest first and serves each as a page or JSON; drafts stay private", async () => {
    const t = await app();
    await seedActive(t, 2);
    const a = await draft(t, "First issue");
    const b = await draft(t, "Second issue");
    await draft(t, "Unsent draft");
    for (const issue of [a, b]) {
      await t.admin("POST", `/v1/admin/newsletter/issues/${issue.id}/send`);
      await t.dispatcher.runOnce();
      await t.deliver();
      await t.dispatcher.runOnce();
      t.clock.advance(60_000);
    }
    const list = await (await t.call("GET", "/v1/issues")).json();
    expect(list.issues.map((i: { slug: string }) => i.slug)).toEqual(["second-issue", "first-issue"]);
    expect(list.issues[0].sentAt).toMatch(/^\d{4}-/);
    const page = await t.call("GET", "/v1/issues/first-issue");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("<h1>First issue</h1>");
    expect(html).toContain("<h2>Sleep before supplements</h2>");
    expect(html).not.toContain("<script>alert");
    expect(html).not.toContain("unsubscribe?token"); // nobody's personal link on a public page
    const json = await (
      await t.call("GET", "/v1/issues/first-issue", undefined, { Accept: "application/json" })
    ).json();
    expect(json).toMatchObject({ slug: "first-issue", subject: "First issue" });
    expect((await t.call("GET", "/v1/issues/unsent-draft")).status).toBe(404);
    expect((await t.call("GET", "/v1/issues/..%2F..%2Fetc")).status).toBe(404);
  });
});
