import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeTempDirs, tempDir } from "./helpers/env.ts";
import { approveWhere, asModerator, readThread } from "./helpers/http.ts";
import { waitFor } from "./helpers/process.ts";
import { type StartedGateway, startGateway } from "./helpers/servers.ts";
import { type SmtpSink, startSmtpSink } from "./helpers/smtp.ts";

// Two instances of each service on one PostgreSQL database, behind the dev gateway's round-robin: what a
// production deployment with more than one replica does. Needs a PostgreSQL server; under CI it must have one.
const SERVER = process.env.TEST_DATABASE_URL;
const CI = process.env.CI === "true";

const PAGE = "/blog/neuroplasticity-and-psychedelics";
const TAG = "(scale-out)";
const COMMENTS = 12;
const IMPORTED = 2_000;
const SUBJECT = "Scale-out issue: one copy each";

describe.skipIf(!SERVER && !CI)("two instances of each service on one PostgreSQL database", () => {
  let admin: pg.Client | undefined;
  let database: string | undefined;
  let sink: SmtpSink;
  let gateway: StartedGateway;
  const started = Date.now();

  beforeAll(async () => {
    if (!SERVER)
      throw new Error("CI=true but TEST_DATABASE_URL is unset: the scale-out test needs a PostgreSQL server");
    admin = new pg.Client({ connectionString: SERVER });
    await admin.connect();
    database = `parlor_scaleout_${randomBytes(6).toString("hex")}`;
    await admin.query(`create database ${database}`);
    const url = new URL(SERVER);
    url.pathname = `/${database}`;

    sink = await startSmtpSink();
    gateway = await startGateway(await tempDir("scale-out"), {
      GATEWAY_INSTANCES: "2",
      COMMENTS_DATABASE_URL: url.href,
      NEWSLETTER_DATABASE_URL: url.href,
      COMMENTS_SMTP_URL: sink.url,
      NEWSLETTER_SMTP_URL: sink.url,
      COMMENTS_MAIL_POLL_INTERVAL: "50ms",
      NEWSLETTER_MAIL_POLL_INTERVAL: "50ms",
      MAIL_RATE: "0",
      NEWSLETTER_MAIL_CONNECTIONS: "5",
      COMMENTS_RATE_LIMIT: "0",
      COMMENTS_SOFT_RATE_LIMIT: "0",
      NEWSLETTER_RATE_LIMIT: "0",
      NEWSLETTER_SOFT_RATE_LIMIT: "0",
      NEWSLETTER_ADDRESS_RATE_LIMIT: "0",
      NEWSLETTER_ADDRESS_SOFT_LIMIT: "0",
      NEWSLETTER_NETWORK_RATE_LIMIT: "0",
      NEWSLETTER_POSTAL_ADDRESS: "Parlor, 1 Test Street, Tampa FL 33601",
      LOG_LEVEL: "info",
    });
    expect(Object.fromEntries(Object.entries(gateway.instances).map(([k, v]) => [k, v.length]))).toEqual({
      comments: 2,
      newsletter: 2,
    });
  });

  afterAll(async () => {
    await gateway?.stop();
    await sink?.close();
    await removeTempDirs();
    if (admin && database) await admin.query(`drop database if exists ${database} with (force)`);
    await admin?.end();
  });

  /**
   * Messages each instance of `service` sent, by instance number (the gateway prefixes its lines `[name#n]`), summed
   * from its `mail.batch` lines.
   */
  function sentBy(service: string): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const line of gateway.stdout().split("\n")) {
      const m = new RegExp(`^\\[${service}#(\\d+)\\] (\\{.*"mail\\.batch".*)$`).exec(line);
      const sent = m ? Number((JSON.parse(m[2]) as { sent?: number }).sent ?? 0) : 0;
      if (m && sent > 0) counts[m[1]] = (counts[m[1]] ?? 0) + sent;
    }
    return counts;
  }

  const json = (body: unknown) => ({
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify(body),
  });

  it("counts every comment once, whichever instance took it", async () => {
    // Round-robin: consecutive posts alternate between the two comments instances.
    for (let i = 0; i < COMMENTS; i++) {
      const body = `Comment ${i + 1} of ${COMMENTS} ${TAG}`;
      const res = await fetch(
        `${gateway.url}/v1/comments`,
        json({ uri: PAGE, author: { name: `Reader ${i + 1}` }, body, homepage: "" }),
      );
      expect(res.status, await res.clone().text()).toBeLessThan(300);
    }
    expect(await approveWhere(gateway.url, TAG)).toBe(COMMENTS);
    // Through the gateway (reads alternate too) and from each instance directly: the same thread, each once.
    const bases = [gateway.url, gateway.url, ...gateway.instances.comments.map((i) => i.url)];
    for (const base of bases) {
      const thread = await readThread(base, PAGE);
      expect(thread.total).toBe(COMMENTS);
      expect(new Set(thread.comments.map((c) => c.id)).size).toBe(COMMENTS);
      const counts = await fetch(`${base}/v1/counts?uri=${encodeURIComponent(PAGE)}`);
      expect(await counts.json()).toEqual({ counts: { [PAGE]: COMMENTS } });
    }
    const pending = await asModerator(`${gateway.url}/v1/admin/comments?status=pending&limit=100`);
    expect(((await pending.json()) as { comments: unknown[] }).comments).toHaveLength(0);
  });

  it("sends an issue to 2,001 subscribers across both newsletter instances, one copy each", async () => {
    // One reader signs up and confirms through the emailed link (the POST the page's button makes).
    const reader = "first.reader@scale.test";
    const signup = await fetch(`${gateway.url}/v1/subscriptions`, json({ email: reader, consent: true }));
    expect(signup.status).toBe(202);
    const confirmation = () => sink.deliveries.find((d) => d.rcptTo.includes(reader));
    expect(await waitFor(() => confirmation() !== undefined, 15_000)).toBe(true);
    const token = /\/v1\/subscriptions\/confirm\?token=([A-Za-z0-9_.-]+)/.exec(confirmation()?.mail.text ?? "")?.[1];
    expect(token).toBeTruthy();
    const confirmed = await fetch(`${gateway.url}/v1/subscriptions/confirm`, json({ token }));
    expect(confirmed.status).toBe(200);
    expect(await confirmed.json()).toEqual({ status: "active" });

    // 2,000 more, imported with consent proof (a confirmation time): imported active, nobody mailed.
    const emails = Array.from({ length: IMPORTED }, (_, i) => `reader${String(i).padStart(4, "0")}@scale.test`);
    const csv = `email,confirmedAt,consentText\n${emails
      .map((e) => `${e},2026-01-15T09:00:00Z,Yes: email me the newsletter (signed up at the old site)`)
      .join("\n")}\n`;
    const imported = await asModerator(`${gateway.url}/v1/admin/newsletter/subscribers.csv`, {
      method: "POST",
      headers: { "content-type": "text/csv" },
      body: csv,
    });
    expect(imported.status).toBe(200);
    expect(await imported.json()).toMatchObject({ added: IMPORTED, skipped: 0, invalid: [], unconfirmed: 0 });
    const stats = await asModerator(`${gateway.url}/v1/admin/newsletter/stats`);
    expect(await stats.json()).toMatchObject({ subscribers: { active: IMPORTED + 1 } });

    const created = await asModerator(
      `${gateway.url}/v1/admin/newsletter/issues`,
      json({ subject: SUBJECT, markdown: "# Hello\n\nOne copy for each of you, from whichever instance." }),
    );
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const mailedBefore = sink.deliveries.length;
    const sentAt = Date.now();
    expect((await asModerator(`${gateway.url}/v1/admin/newsletter/issues/${id}/send`, json({}))).status).toBe(202);
    expect((await asModerator(`${gateway.url}/v1/admin/newsletter/issues/${id}/send`, json({}))).status).toBe(409);

    const copies = () => sink.deliveries.filter((d) => d.mail.subject?.includes(SUBJECT));
    await waitFor(() => copies().length >= IMPORTED + 1, 60_000, 200);
    await new Promise((r) => setTimeout(r, 1_000)); // a late duplicate would arrive now
    const drained = (Date.now() - sentAt) / 1000;

    const perRecipient = new Map<string, number>();
    for (const d of copies()) for (const to of d.rcptTo) perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
    const duplicates = [...perRecipient.values()].reduce((n, k) => n + k - 1, 0);
    const missing = [reader, ...emails].filter((e) => !perRecipient.has(e));
    expect(missing.slice(0, 5)).toEqual([]);
    expect(duplicates).toBe(0);
    expect(perRecipient.size).toBe(IMPORTED + 1);
    expect(copies()).toHaveLength(IMPORTED + 1);
    expect(sink.deliveries.length - mailedBefore).toBe(IMPORTED + 1); // nothing else was mailed

    // Both newsletter instances delivered some: each logs a `mail.batch` line per round, with how many it sent.
    const senders = sentBy("newsletter");
    expect(Object.keys(senders).sort()).toEqual(["1", "2"]);

    console.log(
      `scale-out: 2 instances each, ${COMMENTS} comments, ${(IMPORTED + 1).toLocaleString("en-US")} subscribers, ` +
        `${copies().length} issue emails, ${duplicates} duplicates, drained in ${drained.toFixed(1)} s ` +
        `(newsletter#1 sent ${senders["1"]}, #2 sent ${senders["2"]}; ` +
        `test ${((Date.now() - started) / 1000).toFixed(1)} s)`,
    );
  });
});
