import { type SmtpSink, startSmtpSink } from "@parlor/mail/testing";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIssueDispatcher } from "../src/issues/issue.dispatcher.ts";
import { createLinks } from "../src/links.ts";
import {
  count,
  createTestApp,
  linkIn,
  mailsTo,
  PUBLIC_URL,
  rawHeader,
  seedActive,
  subscribe,
  subscriberByEmail,
  type TestApp,
  tokenOf,
} from "./helpers.ts";

// Topics: the operator defines them, a subscriber chooses (none: every topic, including later ones), an issue
// goes to some (none: everyone), and each subscriber gets an issue once however many of its topics they follow.
// One SMTP sink for the file; each test mails its own addresses.

let smtp: SmtpSink;
beforeAll(async () => {
  smtp = await startSmtpSink();
});
afterAll(async () => {
  await smtp.close();
});

const TOPICS = [
  { slug: "new-articles", name: "New articles", description: "Every new post on the blog" },
  { slug: "weekly-tips", name: "Weekly tips" },
  { slug: "clinic-news", name: "Clinic news" },
];

async function withTopics(batchSize = 50) {
  const t = await createTestApp({}, { smtp, batchSize });
  for (const topic of TOPICS) {
    const res = await t.admin("POST", "/v1/admin/newsletter/topics", topic);
    expect(res.status).toBe(201);
  }
  return t;
}

const signup = (t: TestApp, email: string, topics?: string[]) =>
  t.call("POST", "/v1/subscriptions", { email, consent: true, ...(topics ? { topics } : {}) });

/** The preference page's path+query, from the last issue this address got. */
function preferenceLink(email: string) {
  const mail = mailsTo(smtp, email).at(-1);
  return linkIn(mail?.text, "/v1/subscriptions/preferences");
}

async function sendIssue(t: TestApp, subject: string, topics?: string[], dispatcher = t.dispatcher) {
  const res = await t.admin("POST", "/v1/admin/newsletter/issues", {
    subject,
    markdown: "Sleep first, then supplements.",
    ...(topics ? { topics } : {}),
  });
  expect(res.status).toBe(201);
  const issue = (await res.json()) as { id: string; topics: string[] };
  expect(issue.topics).toEqual([...(topics ?? [])].sort());
  expect((await t.admin("POST", `/v1/admin/newsletter/issues/${issue.id}/send`)).status).toBe(202);
  await dispatcher.runOnce();
  await t.deliver();
  return issue.id;
}

/** Writes subscribers' chosen topics straight into the store (fast, for many subscribers). */
async function chooseDirectly(t: TestApp, choices: [string, string[]][]) {
  const ids = new Map(
    (await t.db.selectFrom("newsletter_topic").select(["id", "slug"]).execute()).map((r) => [r.slug, r.id]),
  );
  const rows = choices.flatMap(([subscriber_id, slugs]) =>
    slugs.map((slug) => ({ subscriber_id, topic_id: ids.get(slug) as string })),
  );
  for (let i = 0; i < rows.length; i += 500)
    await t.db
      .insertInto("newsletter_subscriber_topic")
      .values(rows.slice(i, i + 500))
      .execute();
}

const got = (email: string, subject: string) => mailsTo(smtp, email).filter((m) => m.subject === subject).length;

const json = { Accept: "application/json" };

describe("topics", () => {
  it("signup takes topics, refuses unknown ones naming the field, and the consent record keeps them", async () => {
    const t = await withTopics();
    const before = await count(t, "subscriber");
    const bad = await signup(t, "x@signup.test", ["weekly-tips", "no-such-topic"]);
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors).toEqual([{ path: "topics", message: expect.stringContaining("no-such-topic") }]);
    const malformed = await signup(t, "x@signup.test", ["Not A Slug"]);
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).errors[0].path).toMatch(/^topics/);
    expect(await count(t, "subscriber")).toBe(before);

    const ann = await subscribe(t, smtp, "ann@signup.test", { topics: ["weekly-tips"] });
    const bob = await subscribe(t, smtp, "bob@signup.test");
    // A no-JavaScript form posts one `topics` field per ticked box.
    const form = await t.form("/v1/subscriptions", { email: "cat@signup.test", consent: "on" }, {});
    expect(form.status).toBe(303);
    const both = await t.call(
      "POST",
      "/v1/subscriptions",
      "email=dan%40signup.test&consent=on&topics=new-articles&topics=clinic-news",
      { "Content-Type": "application/x-www-form-urlencoded" },
    );
    expect(both.status).toBe(303);
    const badForm = await t.call("POST", "/v1/subscriptions", "email=eve%40signup.test&consent=on&topics=nope", {
      "Content-Type": "application/x-www-form-urlencoded",
    });
    expect(badForm.status).toBe(400);
    expect(await badForm.text()).toContain("<strong>topics</strong>");
    expect(await subscriberByEmail(t, "eve@signup.test")).toBeUndefined();

    const chosen = async (id: string) =>
      (
        await t.db
          .selectFrom("newsletter_subscriber_topic as st")
          .innerJoin("newsletter_topic as tp", "tp.id", "st.topic_id")
          .select("tp.slug")
          .where("st.subscriber_id", "=", id)
          .orderBy("tp.slug")
          .execute()
      ).map((r) => r.slug);
    expect(await chosen(ann.id)).toEqual(["weekly-tips"]);
    expect(await chosen(bob.id)).toEqual([]); // every topic
    const dan = await subscriberByEmail(t, "dan@signup.test");
    expect(await chosen(dan?.id ?? "")).toEqual(["clinic-news", "new-articles"]);
    const consent = await t.db
      .selectFrom("subscriber_consent")
      .select(["kind", "topics"])
      .where("subscriber_id", "=", ann.id)
      .orderBy("id")
      .execute();
    expect(consent).toEqual([
      { kind: "signup", topics: "weekly-tips" },
      { kind: "confirm", topics: "weekly-tips" },
    ]);

    // Counts per topic: those who chose it, and those who follow every topic (bob).
    const list = await (await t.admin("GET", "/v1/admin/newsletter/topics")).json();
    expect(list.everyTopic).toBe(1);
    expect(
      Object.fromEntries(list.topics.map((x: { slug: string; subscribers: number }) => [x.slug, x.subscribers])),
    ).toEqual({ "new-articles": 1, "weekly-tips": 2, "clinic-news": 1 });
    expect((await t.admin("POST", "/v1/admin/newsletter/topics", TOPICS[0])).status).toBe(409);

    // Erasing a subscriber erases their choices too.
    expect((await t.admin("DELETE", `/v1/admin/newsletter/subscribers/${ann.id}`)).status).toBe(204);
    expect(await chosen(ann.id)).toEqual([]);
    expect(await count(t, "newsletter_subscriber_topic")).toBe(2); // dan's two
  });

  it("an issue to two topics reaches a follower of both once, and a follower of neither not at all", async () => {
    const t = await withTopics();
    const both = await subscribe(t, smtp, "both@issue.test", { topics: ["new-articles", "weekly-tips"] });
    await subscribe(t, smtp, "neither@issue.test", { topics: ["clinic-news"] });
    await subscribe(t, smtp, "one@issue.test", { topics: ["weekly-tips"] });
    await subscribe(t, smtp, "every@issue.test");
    await sendIssue(t, "Two topics", ["new-articles", "weekly-tips"]);
    expect(got("both@issue.test", "Two topics")).toBe(1);
    expect(got("one@issue.test", "Two topics")).toBe(1);
    expect(got("every@issue.test", "Two topics")).toBe(1);
    expect(got("neither@issue.test", "Two topics")).toBe(0);
    const deliveries = await t.db
      .selectFrom("newsletter_delivery")
      .select("subscriber_id")
      .where("subscriber_id", "=", both.id)
      .execute();
    expect(deliveries).toHaveLength(1);
    // No topic: every active subscriber.
    await sendIssue(t, "Everyone");
    for (const who of ["both", "neither", "one", "every"]) expect(got(`${who}@issue.test`, "Everyone")).toBe(1);
    // A topic added later reaches those who follow every topic, not those who chose.
    expect((await t.admin("POST", "/v1/admin/newsletter/topics", { slug: "recipes", name: "Recipes" })).status).toBe(
      201,
    );
    await sendIssue(t, "Recipes only", ["recipes"]);
    expect(["both", "neither", "one", "every"].map((who) => got(`${who}@issue.test`, "Recipes only"))).toEqual([
      0, 0, 0, 1,
    ]);
  });

  it("the footer's preference page shows a form on GET (changing nothing) and changes topics on POST", async () => {
    const t = await withTopics();
    const ann = await subscribe(t, smtp, "ann@prefs.test");
    // The welcome email, the first list email, links to the page too.
    const welcome = mailsTo(smtp, "ann@prefs.test").at(-1);
    expect(welcome?.subject).toMatch(/^Welcome/);
    expect((await t.call("GET", linkIn(welcome?.text, "/v1/subscriptions/preferences"))).status).toBe(200);
    await sendIssue(t, "First");
    const mail = mailsTo(smtp, "ann@prefs.test").at(-1);
    expect(mail?.html).toContain("Choose what you receive</a>");
    const path = preferenceLink("ann@prefs.test");

    const page = await t.call("GET", path);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html.match(/type="checkbox" name="topics"/g)).toHaveLength(3);
    expect(html.match(/ checked/g)).toHaveLength(3); // every topic
    expect(html).toContain(`action="${path}"`);
    expect(html).toContain('name="List-Unsubscribe" value="One-Click"');
    expect(await count(t, "newsletter_subscriber_topic")).toBe(0);

    const saved = await t.call("POST", path, "topics=weekly-tips&topics=clinic-news", {
      "Content-Type": "application/x-www-form-urlencoded",
    });
    expect(saved.status).toBe(200);
    const after = await saved.text();
    expect(after).toContain("Your choices are saved.");
    expect(after.match(/ checked/g)).toHaveLength(2);
    expect(await (await t.call("GET", path, undefined, json)).json()).toEqual({
      status: "active",
      topics: ["clinic-news", "weekly-tips"],
    });
    const record = await t.db
      .selectFrom("subscriber_consent")
      .select(["kind", "topics", "client_address"])
      .where("subscriber_id", "=", ann.id)
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(record).toMatchObject({ kind: "topics", topics: "clinic-news weekly-tips" });
    expect(record.client_address).toMatch(/^10\./);

    await sendIssue(t, "Articles", ["new-articles"]);
    expect(got("ann@prefs.test", "Articles")).toBe(0);

    // None ticked is refused (unsubscribing is its own button); an unknown topic names the field; nothing changes.
    const none = await t.call("POST", path, "", { "Content-Type": "application/x-www-form-urlencoded" });
    expect(none.status).toBe(400);
    expect(await none.text()).toContain('role="alert"');
    const unknown = await t.call("POST", path, { topics: ["nope"] }, json);
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).errors[0].path).toBe("topics");
    // Every topic ticked: every topic, including topics added later.
    const all = await t.call("POST", path, { topics: TOPICS.map((x) => x.slug) }, json);
    expect(await all.json()).toEqual({ status: "active", topics: [] });

    // A forged or unsubscribe token does not open the page.
    expect((await t.call("GET", `${path}x`)).status).toBe(400);
    const unsubscribeToken = tokenOf(linkIn(mail?.text, "/v1/subscriptions/unsubscribe"));
    expect((await t.call("GET", `/v1/subscriptions/preferences?token=${unsubscribeToken}`)).status).toBe(400);
  });

  it("one-click unsubscribe still leaves every topic, and the preference page then offers nothing", async () => {
    const t = await withTopics();
    await subscribe(t, smtp, "out@oneclick.test", { topics: ["weekly-tips"] });
    await sendIssue(t, "Tips", ["weekly-tips"]);
    const mail = mailsTo(smtp, "out@oneclick.test").at(-1);
    const header = String(mail && rawHeader(mail, "list-unsubscribe"));
    const target = (/<([^>]+)>/.exec(header)?.[1] ?? "").slice(PUBLIC_URL.length);
    const res = await t.call("POST", target, "List-Unsubscribe=One-Click", {
      "Content-Type": "application/x-www-form-urlencoded",
    });
    expect(res.status).toBe(200);
    expect((await subscriberByEmail(t, "out@oneclick.test"))?.status).toBe("unsubscribed");
    const path = preferenceLink("out@oneclick.test");
    expect(await (await t.call("GET", path, undefined, json)).json()).toEqual({ status: "not_subscribed", topics: [] });
    expect(await (await t.call("GET", path)).text()).toContain("You are not subscribed");
    await sendIssue(t, "More tips", ["weekly-tips"]);
    await sendIssue(t, "Everyone else");
    expect(got("out@oneclick.test", "More tips") + got("out@oneclick.test", "Everyone else")).toBe(0);
  });

  it("a CSV export and import into another list keep every subscriber's topics", async () => {
    const t = await withTopics();
    const seeded = await seedActive(t, 4, "csv.test");
    await chooseDirectly(t, [
      [seeded[0].id, ["weekly-tips"]],
      [seeded[1].id, ["new-articles", "clinic-news"]],
      // seeded[2]: every topic; seeded[3] too
    ]);
    const exported = await (await t.admin("GET", "/v1/admin/newsletter/subscribers.csv")).text();
    expect(exported.split("\n")[0]).toMatch(/,topics$/);
    const topicsOf = (csv: string) =>
      Object.fromEntries((parse(csv, { columns: true }) as Record<string, string>[]).map((r) => [r.email, r.topics]));
    expect(topicsOf(exported)).toEqual({
      "reader0@csv.test": "weekly-tips",
      "reader1@csv.test": "clinic-news new-articles",
      "reader2@csv.test": "",
      "reader3@csv.test": "",
    });

    const other = await withTopics();
    const extra = "\nbad@csv.test,,active,,2024-01-01T00:00:00Z,2024-01-01T00:00:00Z,,,,weekly-tips no-such\n";
    const res = await other.admin("POST", "/v1/admin/newsletter/subscribers.csv", exported.trimEnd() + extra, {
      "Content-Type": "text/csv",
    });
    const report = await res.json();
    expect(report).toMatchObject({ added: 4, invalid: [{ line: 6, reason: expect.stringContaining("no-such") }] });
    const again = await (await other.admin("GET", "/v1/admin/newsletter/subscribers.csv")).text();
    expect(topicsOf(again)).toEqual(topicsOf(exported));
    const consent = await other.db
      .selectFrom("subscriber_consent as c")
      .innerJoin("subscriber as s", "s.id", "c.subscriber_id")
      .select(["s.email", "c.kind", "c.topics"])
      .where("s.email", "=", "reader1@csv.test")
      .execute();
    expect(consent).toEqual([{ email: "reader1@csv.test", kind: "import", topics: "clinic-news new-articles" }]);
    const consentCsv = await (await other.admin("GET", "/v1/admin/newsletter/consent.csv")).text();
    expect(consentCsv).toContain("clinic-news new-articles");
  });

  it("keeps exactly-once across fan-out chunks: 160 subscribers in chunks of 40, issue to two topics", async () => {
    const t = await withTopics(100);
    const seeded = await seedActive(t, 160, "chunks.test");
    // i % 4: 0 both topics of the issue, 1 neither, 2 one of them, 3 none chosen (every topic).
    await chooseDirectly(
      t,
      seeded.map((s, i) => [s.id, [["new-articles", "weekly-tips"], ["clinic-news"], ["weekly-tips"], []][i % 4]]),
    );
    smtp.deliveries.length = 0;
    const dispatcher = createIssueDispatcher({
      db: t.db,
      config: t.config,
      clock: t.clock,
      secrets: t.secrets,
      links: createLinks({ linkKey: t.secrets.linkKey, publicUrl: () => PUBLIC_URL, clock: t.clock }),
      events: { emit() {} },
      chunkSize: 40,
    });
    const id = await sendIssue(t, "Chunked", ["new-articles", "weekly-tips"], dispatcher);
    const perRecipient = new Map<string, number>();
    for (const d of smtp.deliveries) for (const r of d.rcptTo) perRecipient.set(r, (perRecipient.get(r) ?? 0) + 1);
    const expected = seeded.filter((_, i) => i % 4 !== 1).map((s) => s.email);
    expect([...perRecipient.keys()].sort()).toEqual(expected.sort());
    expect([...perRecipient.values()].every((n) => n === 1)).toBe(true);
    const view = await (await t.admin("GET", `/v1/admin/newsletter/issues/${id}`)).json();
    expect(view).toMatchObject({ recipients: 120, topics: ["new-articles", "weekly-tips"] });
  });
});
