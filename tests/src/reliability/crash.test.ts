import { randomBytes } from "node:crypto";
import { recordReliability, reliabilitySize } from "@parlor/kit/testing";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { ADMIN_TOKEN, removeTempDirs, tempDir } from "../helpers/env.ts";
import { hammer, type Outcome } from "../helpers/hammer.ts";
import { killService, type StartedProcess, waitFor } from "../helpers/process.ts";
import { startComments, startNewsletter } from "../helpers/servers.ts";
import { freshStore, type ServiceStore, testEngines } from "../helpers/stores.ts";

// A client writes as fast as it can; the service is SIGKILLed in the middle (no shutdown handler runs) and
// started again on the same store. Every write the client was told succeeded must be there, whole: a comment
// with its moderator email queued, a signup with its consent record and its confirmation email.
const TOTAL = reliabilitySize(300, 2_000);
const CONCURRENCY = 8;
const PAGE = "/blog/crash-test";

const running: StartedProcess[] = [];
const stores: ServiceStore[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.stop()));
  await Promise.all(stores.splice(0).map((s) => s.close()));
});
afterAll(removeTempDirs);

/**
 * Runs `send` TOTAL times against a service started by `start`; SIGKILLs it once a third of the writes are
 * acknowledged, starts it again on the same store and lets the client carry on there. Requests that reach the
 * dead process fail (they were in flight at the kill); none is retried.
 */
async function writeThroughACrash<T>(
  start: () => Promise<StartedProcess>,
  acknowledged: number,
  send: (base: string, i: number) => Promise<{ status: number; value?: T }>,
) {
  let service = await start();
  running.push(service);
  let base = service.url;
  let up: Promise<void> = Promise.resolve();
  const run = hammer<T>(TOTAL, CONCURRENCY, [acknowledged], async (i) => {
    await up;
    return send(base, i);
  });
  expect(await waitFor(() => run.acknowledged() >= TOTAL / 3, 60_000), "a third acknowledged before the kill").toBe(
    true,
  );
  let release = () => {};
  up = new Promise((r) => {
    release = r;
  });
  const ackedAtKill = run.acknowledged();
  await killService(service);
  service = await start();
  running.push(service);
  base = service.url;
  release();
  const outcomes = await run.done;
  return { outcomes, ackedAtKill, service };
}

function summary<T>(outcomes: Outcome<T>[], acknowledged: number) {
  const acked = outcomes.filter((o) => o.status === acknowledged);
  const failed = outcomes.filter((o) => o.status === "error");
  const other = outcomes.filter((o) => o.status !== acknowledged && o.status !== "error");
  return { acked, failed, other };
}

describe.each(testEngines())("a service killed with SIGKILL mid-write loses no acknowledged write (%s)", (engine) => {
  it("comments: every 201 is stored, each with its held-comment email, and no half-written row", async () => {
    const dataDir = await tempDir("crash-comments");
    const store = await freshStore(engine, dataDir, "comments.db");
    stores.push(store);
    const run = randomBytes(4).toString("hex");
    const vars = {
      COMMENTS_DATABASE_URL: store.url,
      COMMENTS_MODERATION: "all",
      COMMENTS_MODERATOR_EMAIL: "mod@blog.example",
      COMMENTS_RATE_LIMIT: "0",
      COMMENTS_SOFT_RATE_LIMIT: "0",
      COMMENTS_MAIL_POLL_INTERVAL: "1h", // the queued emails stay put: this test counts them, not their sending
      COMMENTS_LOG_LEVEL: "warn",
    };
    const began = performance.now();
    const { outcomes, ackedAtKill, service } = await writeThroughACrash(
      () => startComments(dataDir, vars),
      201,
      async (base, i) => {
        const res = await fetch(`${base}/v1/comments`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ uri: PAGE, author: { name: `Reader ${i}` }, body: `Crash comment ${run}-${i}` }),
        });
        const body = (await res.json()) as { comment?: { id: string } };
        return { status: res.status, value: body.comment?.id };
      },
    );
    const { acked, failed, other } = summary(outcomes, 201);
    expect(other.map((o) => o.status)).toEqual([]); // no 5xx, no refusal: only 201s and cut connections

    const rows = await store.query<{ id: string; author_name: string; body: string; html: string; status: string }>(
      "select id, author_name, body, html, status from comment where edit_token_hash is not null and uri = ?",
      [PAGE],
    );
    const mails = await store.query<{ key: string }>(
      "select idempotency_key as key from comment_outbox where idempotency_key like 'held:%'",
    );
    const mailsOf = new Map<string, number>();
    for (const { key } of mails) {
      const id = key.split(":")[1];
      mailsOf.set(id, (mailsOf.get(id) ?? 0) + 1);
    }
    const byId = new Map(rows.map((r) => [r.id, r]));
    const lost = acked.filter((o) => !byId.has(o.value as string));
    // Whole rows only: the fields the client sent, rendered html, status, and exactly one held-comment email each.
    const broken = rows.filter((r) => {
      const i = /^Crash comment \w+-(\d+)$/.exec(r.body)?.[1];
      return (
        i === undefined ||
        r.author_name !== `Reader ${i}` ||
        !r.html.includes(r.body) ||
        r.status !== "pending" ||
        mailsOf.get(r.id) !== 1
      );
    });
    const orphanMails = [...mailsOf.keys()].filter((id) => !byId.has(id));

    // The restarted service serves them: the moderation queue lists every stored comment.
    const listed = new Set<string>();
    let cursor: string | null = null;
    do {
      const res = await fetch(
        `${service.url}/v1/admin/comments?status=pending&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
        { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } },
      );
      expect(res.status).toBe(200);
      const page = (await res.json()) as { comments: { id: string }[]; nextCursor: string | null };
      for (const c of page.comments) listed.add(c.id);
      cursor = page.nextCursor;
    } while (cursor);

    const figures = {
      acknowledged: acked.length,
      found: acked.length - lost.length,
      stored: rows.length,
      cutAtKill: failed.length,
      storedButNotAcknowledged: rows.length - (acked.length - lost.length),
      brokenRows: broken.length,
      orphanMails: orphanMails.length,
    };
    console.log(
      `crash (comments, ${engine}): ${TOTAL} posts, ${CONCURRENCY} at a time, SIGKILL after ${ackedAtKill} 201s; ` +
        `${JSON.stringify(figures)}; ${((performance.now() - began) / 1000).toFixed(1)} s`,
    );
    recordReliability({
      kind: "fault",
      name: `crash: ${TOTAL} comments, SIGKILL mid-run (${engine})`,
      ok: lost.length === 0 && broken.length === 0 && orphanMails.length === 0,
      acknowledged: acked.length,
      lost: lost.length,
      detail: `${failed.length} cut at the kill, ${figures.storedButNotAcknowledged} stored but not acknowledged`,
    });
    expect(lost.map((o) => o.i)).toEqual([]);
    expect(broken).toEqual([]);
    expect(orphanMails).toEqual([]);
    expect(listed.size).toBe(rows.length);
    expect(acked.length).toBeGreaterThan(TOTAL / 3);
  });

  it("newsletter: every 202 is stored with its consent record and confirmation email, and no half-written row", async () => {
    const dataDir = await tempDir("crash-newsletter");
    const store = await freshStore(engine, dataDir, "newsletter.db");
    stores.push(store);
    const run = randomBytes(4).toString("hex");
    const vars = {
      NEWSLETTER_DATABASE_URL: store.url,
      NEWSLETTER_RATE_LIMIT: "0",
      NEWSLETTER_ADDRESS_RATE_LIMIT: "0",
      NEWSLETTER_SOFT_RATE_LIMIT: "0",
      NEWSLETTER_NETWORK_RATE_LIMIT: "0",
      NEWSLETTER_ADDRESS_SOFT_LIMIT: "0",
      NEWSLETTER_MAIL_POLL_INTERVAL: "1h",
      NEWSLETTER_LOG_LEVEL: "warn",
    };
    const email = (i: number) => `crash.${run}.${i}@example.com`;
    const began = performance.now();
    const { outcomes, ackedAtKill } = await writeThroughACrash(
      () => startNewsletter(dataDir, vars),
      202,
      async (base, i) => {
        const res = await fetch(`${base}/v1/subscriptions`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ email: email(i), name: `Reader ${i}`, consent: true }),
        });
        await res.arrayBuffer();
        return { status: res.status };
      },
    );
    const { acked, failed, other } = summary(outcomes, 202);
    expect(other.map((o) => o.status)).toEqual([]);

    const rows = await store.query<{
      id: string;
      email: string;
      name: string;
      status: string;
      token: string | null;
      consents: number | string;
      mails: number | string;
    }>(
      `select s.id, s.email, s.name, s.status, s.confirm_token_hash as token,
         (select count(*) from subscriber_consent c where c.subscriber_id = s.id and c.kind = 'signup') as consents,
         (select count(*) from newsletter_outbox o where o.idempotency_key like 'confirm:' || s.id || ':%') as mails
       from subscriber s`,
    );
    const byEmail = new Map(rows.map((r) => [r.email, r]));
    const lost = acked.filter((o) => !byEmail.has(email(o.i)));
    const broken = rows.filter((r) => {
      const i = /^crash\.\w+\.(\d+)@example\.com$/.exec(r.email)?.[1];
      return (
        i === undefined ||
        r.name !== `Reader ${i}` ||
        r.status !== "pending" ||
        !r.token ||
        Number(r.consents) !== 1 ||
        Number(r.mails) !== 1
      );
    });
    // Review (newsletter 0021): a confirmation row names a shared body; every body named must be stored, or that
    // acknowledged signup's email can never be sent.
    const queued = await store.query<{ message: string }>("select message from newsletter_outbox");
    const kept = new Set(
      (await store.query<{ ref: string }>("select ref from newsletter_mail_body")).map((r) => r.ref),
    );
    const named = queued.map((r) => (JSON.parse(r.message) as { body?: unknown }).body);
    expect(named.filter((ref) => typeof ref === "string").length).toBeGreaterThan(0);
    expect(named.filter((ref) => typeof ref === "string" && !kept.has(ref))).toEqual([]);
    const [{ n: allMails }] = await store.query<{ n: number | string }>("select count(*) as n from newsletter_outbox");
    const orphanMails = Number(allMails) - rows.length;

    const figures = {
      acknowledged: acked.length,
      found: acked.length - lost.length,
      stored: rows.length,
      cutAtKill: failed.length,
      storedButNotAcknowledged: rows.length - (acked.length - lost.length),
      brokenRows: broken.length,
      orphanMails,
    };
    console.log(
      `crash (newsletter, ${engine}): ${TOTAL} signups, ${CONCURRENCY} at a time, SIGKILL after ${ackedAtKill} 202s; ` +
        `${JSON.stringify(figures)}; ${((performance.now() - began) / 1000).toFixed(1)} s`,
    );
    recordReliability({
      kind: "fault",
      name: `crash: ${TOTAL} signups, SIGKILL mid-run (${engine})`,
      ok: lost.length === 0 && broken.length === 0 && orphanMails === 0,
      acknowledged: acked.length,
      lost: lost.length,
      detail: `${failed.length} cut at the kill, ${figures.storedButNotAcknowledged} stored but not acknowledged`,
    });
    expect(lost.map((o) => o.i)).toEqual([]);
    expect(broken).toEqual([]);
    expect(orphanMails).toBe(0);
    expect(acked.length).toBeGreaterThan(TOTAL / 3);
  });
});
