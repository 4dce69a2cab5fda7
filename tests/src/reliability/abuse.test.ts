import { recordReliability } from "@parlor/kit/testing";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { ADMIN_TOKEN, removeTempDirs, tempDir } from "../helpers/env.ts";
import { httpRequest } from "../helpers/http.ts";
import { type StartedProcess, waitFor } from "../helpers/process.ts";
import { startComments, startNewsletter } from "../helpers/servers.ts";
import { type SmtpSink, startSmtpSink } from "../helpers/smtp.ts";

// Abuse through the real HTTP front, with the default limits and a real SMTP relay counting what goes out. Each
// client is a distinct loopback address (Linux answers on all of 127.0.0.0/8), so no proxy header is trusted.

const running: StartedProcess[] = [];
const sinks: SmtpSink[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.stop()));
  await Promise.all(sinks.splice(0).map((s) => s.close()));
});
afterAll(removeTempDirs);

async function newsletterWithRelay() {
  const sink = await startSmtpSink();
  sinks.push(sink);
  const service = await startNewsletter(await tempDir("abuse-n"), {
    NEWSLETTER_SMTP_URL: sink.url,
    NEWSLETTER_MAIL_POLL_INTERVAL: "50ms",
    NEWSLETTER_MAIL_RATE: "0",
    NEWSLETTER_LOG_LEVEL: "warn",
  });
  running.push(service);
  return { sink, service };
}

function signup(base: string, email: string, client: string) {
  return httpRequest(`${base}/v1/subscriptions`, {
    method: "POST",
    localAddress: client,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, consent: true }),
  });
}

/** Waits until the outbox has been idle a while, so every email the run caused has reached the relay. */
async function settled(sink: SmtpSink) {
  let last = -1;
  await waitFor(
    () => {
      const same = sink.deliveries.length === last;
      last = sink.deliveries.length;
      return same;
    },
    10_000,
    750,
  );
}

const confirmations = (sink: SmtpSink) => sink.deliveries.filter((d) => /confirm/i.test(d.mail.subject ?? ""));

describe("list-bombing and comment spam are held or limited", () => {
  it("one client signing up 40 addresses gets at most SOFT_RATE_LIMIT (3) confirmation emails sent", async () => {
    const { sink, service } = await newsletterWithRelay();
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++)
      statuses.push((await signup(service.url, `victim${i}@example.com`, "127.0.0.21")).status);
    await settled(sink);
    const sent = confirmations(sink).length;
    const limited = statuses.filter((s) => s === 429).length;
    console.log(`list-bomb (one client, 40 addresses): ${sent} confirmations sent, ${limited} answered 429`);
    recordReliability({
      kind: "fault",
      name: "list-bombing: 1 client × 40 addresses (newsletter)",
      ok: sent <= 3,
      detail: `${sent} confirmation emails sent (limit 3), ${limited} × 429`,
    });
    expect(statuses.every((s) => s === 202 || s === 429)).toBe(true);
    expect(sent).toBeGreaterThan(0);
    expect(sent).toBeLessThanOrEqual(3);
    expect(limited).toBeGreaterThan(0); // past RATE_LIMIT (10/10m) the client is refused outright
  });

  it("one address signed up 30 times from 30 clients gets at most ADDRESS_SOFT_LIMIT (2) confirmation emails", async () => {
    const { sink, service } = await newsletterWithRelay();
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      statuses.push((await signup(service.url, "target@example.com", `127.0.${1 + i}.9`)).status);
    }
    await settled(sink);
    const toTarget = confirmations(sink).filter((d) => d.rcptTo.includes("target@example.com")).length;
    console.log(
      `list-bomb (one address, 30 clients): ${toTarget} confirmations to it, answers ${[...new Set(statuses)]}`,
    );
    recordReliability({
      kind: "fault",
      name: "list-bombing: 1 address × 30 clients (newsletter)",
      ok: toTarget <= 2,
      detail: `${toTarget} confirmation emails to the address (limit 2)`,
    });
    expect(toTarget).toBeGreaterThan(0);
    expect(toTarget).toBeLessThanOrEqual(2);
  });

  it("a spam run from 40 addresses publishes nothing, and one client's flood is held then refused", async () => {
    const service = await startComments(await tempDir("abuse-c"), {
      COMMENTS_MODERATION: "flagged",
      COMMENTS_LOG_LEVEL: "warn",
    });
    running.push(service);
    const page = "/blog/spam-target";
    const post = (client: string, body: string) =>
      httpRequest(`${service.url}/v1/comments`, {
        method: "POST",
        localAddress: client,
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ uri: page, author: { name: "Cheap Pills" }, body }),
      });
    const spam = "Buy now https://pills.example/a https://pills.example/b https://pills.example/c";
    const many = await Promise.all(Array.from({ length: 40 }, (_, i) => post(`127.0.${1 + i}.33`, `${spam} #${i}`)));
    const flood: number[] = [];
    for (let i = 0; i < 30; i++) flood.push((await post("127.0.99.1", `Nice post, number ${i}.`)).status);

    const thread = (await (await fetch(`${service.url}/v1/comments?uri=${page}&limit=100`)).json()) as {
      total: number;
      comments: { html: string }[];
    };
    const published = thread.comments.map((c) => c.html);
    const queue = (await (
      await fetch(`${service.url}/v1/admin/comments?status=pending&limit=100`, {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      })
    ).json()) as { comments: { flags: string[] }[] };
    const floodPublished = published.filter((h) => h.includes("Nice post")).length;
    console.log(
      `comment spam: 40 link-spam posts from 40 addresses → ${published.filter((h) => h.includes("pills")).length} ` +
        `published; one client's 30 posts → ${floodPublished} published, ` +
        `${queue.comments.filter((c) => c.flags.includes("rate")).length} held (rate), ${flood.filter((s) => s === 429).length} × 429`,
    );
    recordReliability({
      kind: "fault",
      name: "comment spam: 40 addresses × link spam, 1 client × 30 posts",
      ok: !published.some((h) => h.includes("pills")) && floodPublished <= 5,
      detail: `${floodPublished} of the flood published (soft limit 5), ${flood.filter((s) => s === 429).length} × 429`,
    });
    expect(many.every((r) => r.status === 201)).toBe(true);
    expect(published.filter((h) => h.includes("pills"))).toEqual([]);
    expect(queue.comments.filter((c) => c.flags.includes("link_count")).length).toBe(40);
    expect(floodPublished).toBeLessThanOrEqual(5); // SOFT_RATE_LIMIT 5/10m: later posts wait for a moderator
    expect(flood.filter((s) => s === 429).length).toBeGreaterThan(0); // RATE_LIMIT 20/10m: then refused
  });
});
