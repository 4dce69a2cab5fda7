import { recordReliability } from "@parlor/kit/testing";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { removeTempDirs, tempDir } from "./helpers/env.ts";
import { type Exit, isAlive, type StartedProcess, servicePid, waitFor } from "./helpers/process.ts";
import { startComments } from "./helpers/servers.ts";
import {
  arrivals,
  arrivedAll,
  duplicates,
  freePort,
  readOutbox,
  type SmtpSink,
  startSmtpSink,
  statusCounts,
} from "./helpers/smtp.ts";

const PAGE = "/blog/magnesium-and-sleep";
const MODERATOR = "mod@blog.example";

const running: StartedProcess[] = [];
const relays: SmtpSink[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.stop()));
  await Promise.all(relays.splice(0).map((relay) => relay.close()));
});
afterAll(removeTempDirs);

// Retries within tens of milliseconds so a whole outage plays out in seconds; a day-long horizon so nothing is
// given up on meanwhile. Every held comment queues one email to the moderator.
function mailVars(smtpUrl: string, vars: Record<string, string> = {}) {
  return {
    COMMENTS_SMTP_URL: smtpUrl,
    COMMENTS_MODERATOR_EMAIL: MODERATOR,
    COMMENTS_MAIL_POLL_INTERVAL: "50ms",
    COMMENTS_MAIL_BACKOFF_BASE: "50ms",
    COMMENTS_MAIL_RETRY_MAX_DELAY: "200ms",
    COMMENTS_MAIL_RETRY_HORIZON: "1d",
    COMMENTS_MAIL_LEASE: "2s",
    COMMENTS_MAIL_RATE: "0",
    COMMENTS_RATE_LIMIT: "0",
    COMMENTS_SOFT_RATE_LIMIT: "0",
    ...vars,
  };
}

async function startService(dataDir: string, vars: Record<string, string>) {
  const p = await startComments(dataDir, vars);
  running.push(p);
  return p;
}

async function startRelay(port?: number) {
  const relay = await startSmtpSink({ port });
  relays.push(relay);
  return relay;
}

/** Comment bodies that name themselves, so each email can be matched to its comment by its text. */
function questions(label: string, count: number): string[] {
  return Array.from(
    { length: count },
    (_, i) => `Does magnesium help sleep? Question ${label}-${String(i + 1).padStart(2, "0")}.`,
  );
}

/** Posts one comment per body, all at once; returns their ids in the same order. */
function postComments(base: string, bodies: string[]): Promise<string[]> {
  return Promise.all(
    bodies.map(async (body) => {
      const res = await fetch(`${base}/v1/comments`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ uri: PAGE, author: { name: "Ana" }, body }),
      });
      if (res.status !== 201) throw new Error(`POST comment: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { comment: { id: string } }).comment.id;
    }),
  );
}

/** The outbox row a comment's held-mail went into (`held:<commentId>:<createdAt>`). */
function rowOf(rows: ReturnType<typeof readOutbox>, commentId: string) {
  return rows.filter((row) => row.key.startsWith(`held:${commentId}:`));
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

describe("held-comment emails through a real SMTP relay that fails", () => {
  it("every email arrives exactly once when the relay refuses with 451 for a while", async () => {
    const relay = await startRelay();
    relay.failNext(40, 451);
    const dataDir = await tempDir("mail-451");
    // A lease far longer than any stall of a loaded machine: a lease taken over counts one more claim without a
    // DATA command (that is the hung-worker test's business), and this one counts attempts exactly.
    const service = await startService(dataDir, mailVars(relay.url, { COMMENTS_MAIL_LEASE: "60s" }));
    const bodies = questions("refused", 20);

    const began = performance.now();
    const ids = await postComments(service.url, bodies);
    const drained = await waitFor(
      () => relay.deliveries.length >= 20 && statusCounts(readOutbox(dataDir)).sent === 20,
      20_000,
    );
    const drainMs = performance.now() - began;
    const rows = readOutbox(dataDir);
    expect(drained, `outbox ${JSON.stringify(statusCounts(rows))}, ${relay.deliveries.length} delivered`).toBe(true);

    expect([...arrivals(relay, bodies).values()]).toEqual(bodies.map(() => 1));
    expect(relay.deliveries).toHaveLength(20);
    for (const { mail, rcptTo } of relay.deliveries) {
      expect(rcptTo).toEqual([MODERATOR]);
      expect(mail.subject).toBe(`Comment held on ${PAGE}`);
    }
    expect(statusCounts(rows)).toEqual({ queued: 0, sending: 0, sent: 20, dead: 0 });
    for (const id of ids) expect(rowOf(rows, id)).toHaveLength(1);
    // Every refusal cost one attempt and no attempt was lost or made twice.
    const attempts = rows.reduce((sum, row) => sum + row.attempts, 0);
    expect(relay.attempts).toBe(60);
    expect(attempts).toBe(60);

    const counts451 = arrivals(relay, bodies);
    recordReliability({
      kind: "fault",
      name: "SMTP relay refusing with 451 (40 refusals), comments",
      ok: [...counts451.values()].every((n) => n === 1),
      acknowledged: 20,
      lost: [...counts451.values()].filter((n) => n === 0).length,
      duplicates: duplicates(counts451),
    });
    console.log(
      `mail 451 test: 20 queued, 20 delivered once each after 40 refusals; ${relay.attempts} DATA commands, ` +
        `${attempts} attempts recorded (at most ${Math.max(...rows.map((r) => r.attempts))} for one email); ` +
        `drained ${seconds(drainMs)} after the first post`,
    );
  });

  it("every email arrives when the relay is down at start and comes up later", async () => {
    const port = await freePort();
    const dataDir = await tempDir("mail-down");
    const service = await startService(dataDir, mailVars(`smtp://127.0.0.1:${port}`));
    const bodies = questions("down", 10);
    await postComments(service.url, bodies);

    // The relay stays down for a second: the emails wait in the outbox and are retried, none given up on.
    await new Promise((r) => setTimeout(r, 1_000));
    const waiting = readOutbox(dataDir);
    expect(waiting).toHaveLength(10);
    for (const row of waiting) {
      expect(row.status === "queued" || row.status === "sending", JSON.stringify(row)).toBe(true);
      expect(row.attempts).toBeGreaterThan(0);
      expect(row.lastError).toMatch(/ECONNREFUSED/);
    }
    const attemptsWhileDown = waiting.map((row) => row.attempts);

    const relay = await startRelay(port);
    const upAt = performance.now();
    const drained = await waitFor(
      () => arrivedAll(relay, bodies) && statusCounts(readOutbox(dataDir)).sent === 10,
      15_000,
    );
    const drainMs = performance.now() - upAt;
    const rows = readOutbox(dataDir);
    expect(drained, `outbox ${JSON.stringify(statusCounts(rows))}, ${relay.deliveries.length} delivered`).toBe(true);
    expect([...arrivals(relay, bodies).values()]).toEqual(bodies.map(() => 1));
    expect(relay.deliveries).toHaveLength(10);
    expect(statusCounts(rows)).toEqual({ queued: 0, sending: 0, sent: 10, dead: 0 });

    const countsDown = arrivals(relay, bodies);
    recordReliability({
      kind: "fault",
      name: "SMTP relay down for 1 s, then up, comments",
      ok: [...countsDown.values()].every((n) => n === 1),
      acknowledged: 10,
      lost: [...countsDown.values()].filter((n) => n === 0).length,
      duplicates: duplicates(countsDown),
    });
    console.log(
      `mail relay-down test: 10 queued, attempts per email while down ${Math.min(...attemptsWhileDown)}–` +
        `${Math.max(...attemptsWhileDown)} in ~1 s; relay up → 10 delivered once each in ${seconds(drainMs)}`,
    );
  });

  it("a process killed while sending loses nothing, and the restart sends the rest", async () => {
    const connections = 2;
    const relay = await startRelay();
    relay.setDelay(300); // a slow relay: each send sits 300 ms between the message and the reply
    const dataDir = await tempDir("mail-kill");
    const vars = mailVars(relay.url, { COMMENTS_MAIL_CONNECTIONS: String(connections) });
    const first = await startService(dataDir, vars);
    const bodies = questions("killed", 30);
    const ids = await postComments(first.url, bodies);

    expect(await waitFor(() => relay.deliveries.length >= 4, 10_000), "4 deliveries before the kill").toBe(true);
    const pid = servicePid(first);
    const deliveredBeforeKill = relay.deliveries.length;
    const awaitingReplyAtKill = relay.attempts - deliveredBeforeKill; // messages the relay holds, reply not yet sent
    process.kill(pid, "SIGKILL");
    const exit: Exit = await within(first.exited, 5_000, "the tsx CLI's exit after its service was killed");
    expect(isAlive(pid)).toBe(false);
    const atKill = readOutbox(dataDir);
    const claimedAtKill = new Set(atKill.filter((row) => row.status === "sending").map((row) => row.id));
    expect(atKill).toHaveLength(30);

    relay.setDelay(0);
    const restartedAt = performance.now();
    await startService(dataDir, vars);
    const drained = await waitFor(
      () => arrivedAll(relay, bodies) && statusCounts(readOutbox(dataDir)).sent === 30,
      20_000,
    );
    const drainMs = performance.now() - restartedAt;
    const rows = readOutbox(dataDir);
    const counts = arrivals(relay, bodies);
    const missing = bodies.filter((body) => counts.get(body) === 0);
    expect(drained, `outbox ${JSON.stringify(statusCounts(rows))}, missing ${missing.join(" | ")}`).toBe(true);
    expect(missing).toEqual([]);
    expect(statusCounts(rows)).toEqual({ queued: 0, sending: 0, sent: 30, dead: 0 });

    // Only a send the relay had already taken when the process died can go out twice: the worker runs at most
    // MAIL_CONNECTIONS sends at once and records each as sent before its lane takes the next row. The rest of
    // the claimed batch never reached the relay; the restart takes it over when the dead worker's lease ends.
    // A send the worker itself cuts off as its lease runs out (EABORT) may also have been taken by the relay:
    // the kill comes before any round gets there, but should one, it is counted apart.
    const cutOff = new Set(
      [...first.stdout().matchAll(/^\{.*"event":"mail\.retry","id":"(\w+)".*EABORT.*$/gm)].map((m) => m[1]),
    );
    const duplicated = bodies.filter((body) => (counts.get(body) ?? 0) > 1);
    const extra = duplicates(counts);
    console.log(
      `mail crash test: 30 queued, ${relay.deliveries.length - extra} delivered, ${extra} duplicates ` +
        `(in-flight batch at most ${connections}); killed after ${deliveredBeforeKill} deliveries with ` +
        `${claimedAtKill.size} rows claimed and ${awaitingReplyAtKill} awaiting the relay's reply (CLI ended ` +
        `${exit.signal ?? `with code ${exit.code}`}); ` +
        `${cutOff.size} sends cut off at lease end before the kill; restart drained the rest in ` +
        `${seconds(drainMs)} (lease 2 s)`,
    );
    recordReliability({
      kind: "fault",
      name: "SIGKILL while sending mail through a slow relay, comments",
      ok: missing.length === 0 && extra <= connections + cutOff.size,
      acknowledged: 30,
      lost: missing.length,
      duplicates: extra,
      detail: `at most ${connections} in flight at the kill`,
    });
    expect(relay.deliveries.length - extra).toBe(30);
    expect(extra).toBeLessThanOrEqual(connections + cutOff.size);
    for (const body of duplicated) {
      const [row] = rowOf(atKill, ids[bodies.indexOf(body)]);
      const why = `${body} went out twice but was neither being sent at the kill nor cut off`;
      expect(claimedAtKill.has(row.id) || cutOff.has(row.id), why).toBe(true);
      // Both copies carry the same Message-ID, so a receiving server can tell they are one email.
      const copies = relay.deliveries.filter(({ mail }) => mail.text?.includes(body));
      expect(new Set(copies.map(({ mail }) => mail.messageId)).size).toBe(1);
    }
  });
});
