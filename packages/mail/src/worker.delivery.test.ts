import { generateKeyPairSync } from "node:crypto";
import { Writable } from "node:stream";
import { createLogger, createMetrics } from "@parlor/kit";
import { describe, expect, it } from "vitest";
import {
  createTestStore,
  FAST,
  MAIL_FROM,
  makeMessage,
  onCleanup,
  recordingLogger,
  rows,
  TABLE,
} from "../test/helpers.ts";
import { startSmtpSink } from "../test/smtp-sink.ts";
import { enqueue } from "./enqueue.ts";
import { renderEmail } from "./template.ts";
import { createSmtpTransport, type SmtpTransportOptions } from "./transports/smtp.ts";
import { createMailWorker, type MailWorkerOptions } from "./worker.ts";

async function setup(
  transportOptions: SmtpTransportOptions = {},
  logger: MailWorkerOptions["logger"] = recordingLogger(),
) {
  const store = await createTestStore();
  const sink = await startSmtpSink();
  const transport = createSmtpTransport(sink.url, { from: MAIL_FROM, ...transportOptions });
  const metrics = createMetrics("comments");
  const worker = createMailWorker({
    db: store.db,
    table: TABLE,
    transport,
    logger,
    metrics,
    settings: FAST,
  });
  onCleanup(async () => {
    await worker.stop();
    await transport.close();
    await sink.close();
  });
  return { ...store, sink, transport, worker, metrics };
}

describe("the mail worker delivering through SMTP", () => {
  it("delivers a queued message with text and HTML parts, From, Message-ID and Date, and marks it sent", async () => {
    const { db, sink, worker } = await setup();
    const content = renderEmail({
      title: "Your comment is waiting for approval",
      paragraphs: ["Thank you for writing."],
      action: { label: "See the article", url: "https://blog.example/post" },
      footer: "You commented on blog.example.",
    });
    await enqueue(
      db,
      TABLE,
      { to: "reader@example.com", toName: "Ann Reader", subject: "Comment held", ...content },
      "k",
    );

    expect(await worker.runOnce()).toMatchObject({ claimed: 1, sent: 1 });

    expect(sink.deliveries).toHaveLength(1);
    const { mail, mailFrom, rcptTo } = sink.deliveries[0];
    expect(rcptTo).toEqual(["reader@example.com"]);
    expect(mailFrom).toBe("no-reply@blog.example");
    expect(mail.from?.value).toEqual([{ name: "Parlor Blog", address: "no-reply@blog.example" }]);
    expect(mail.to).toMatchObject({ value: [{ name: "Ann Reader", address: "reader@example.com" }] });
    expect(mail.subject).toBe("Comment held");
    expect(mail.text).toContain("See the article: https://blog.example/post");
    expect(mail.html).toContain('href="https://blog.example/post"');
    const [row] = await rows(db);
    expect(mail.messageId).toBe(`<${TABLE}-${row.id}@blog.example>`);
    expect(mail.date).toBeInstanceOf(Date);
    expect(Math.abs((mail.date as Date).getTime() - Date.now())).toBeLessThan(60_000);
    expect(row).toMatchObject({ status: "sent", attempts: 1, lease_owner: null, last_error: null });
    expect(row.sent_at).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(await worker.runOnce()).toMatchObject({ claimed: 0 });
  });

  it("passes allowed list headers for one-click unsubscribe (RFC 8058)", async () => {
    const { db, sink, worker } = await setup();
    const headers = {
      "List-Unsubscribe": "<https://blog.example/newsletter/unsubscribe?t=abc>",
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
      "Auto-Submitted": "auto-generated",
    };
    await enqueue(db, TABLE, makeMessage({ headers }), "k");
    await worker.runOnce();
    const lines = sink.deliveries[0].mail.headerLines.map((h) => h.line);
    expect(lines).toContain("List-Unsubscribe: <https://blog.example/newsletter/unsubscribe?t=abc>");
    expect(lines).toContain("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
    expect(lines).toContain("Auto-Submitted: auto-generated");
  });

  it("signs with DKIM when configured", async () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 1024 });
    const dkim = {
      domainName: "blog.example",
      keySelector: "parlor",
      privateKey: privateKey.export({ type: "pkcs1", format: "pem" }).toString(),
    };
    const { db, sink, worker } = await setup({ dkim });
    await enqueue(db, TABLE, makeMessage(), "k");
    await worker.runOnce();
    const signature = sink.deliveries[0].mail.headerLines.find((h) => h.key === "dkim-signature")?.line ?? "";
    expect(signature).toContain("d=blog.example");
    expect(signature).toContain("s=parlor");
  });

  it("counts what it sends, and reports the age of the oldest waiting message", async () => {
    const { db, worker, metrics } = await setup();
    await enqueue(db, TABLE, makeMessage(), "k1");
    await enqueue(db, TABLE, makeMessage(), "k2", new Date(Date.now() - 90_000));
    await db
      .updateTable(TABLE)
      .set({ next_attempt_at: new Date(Date.now() + 60_000).toISOString() })
      .where("idempotency_key", "=", "k2")
      .execute();
    await worker.runOnce();
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/mail_queued_total\{[^}]*outbox="comment_outbox"[^}]*\} 1/);
    expect(text).toMatch(/mail_sent_total\{[^}]*outbox="comment_outbox"[^}]*\} 1/);
    const age = Number(/mail_oldest_queued_age_seconds\{[^}]*\} ([\d.]+)/.exec(text)?.[1]);
    expect(age).toBeGreaterThanOrEqual(90);
    expect(age).toBeLessThan(120);
  });

  // A newsletter goes out in rounds of hundreds: at info, a line per message cost about a tenth of a send's CPU.
  it("logs one mail.batch line per round with its counts at info, and a line per message only at debug", async () => {
    for (const level of ["info", "debug"]) {
      const lines: Record<string, unknown>[] = [];
      const destination = new Writable({
        write(chunk, _encoding, done) {
          lines.push(JSON.parse(String(chunk)));
          done();
        },
      });
      const { db, sink, worker } = await setup({}, createLogger({ name: "comments", level, destination }));
      for (const i of [1, 2, 3]) await enqueue(db, TABLE, makeMessage({ to: `reader${i}@example.com` }), `k${i}`);
      expect(await worker.runOnce()).toMatchObject({ claimed: 3, sent: 3 });
      expect(sink.deliveries).toHaveLength(3);
      const batch = lines.filter((l) => l.event === "mail.batch");
      expect(batch).toEqual([
        expect.objectContaining({
          level: 30,
          claimed: 3,
          sent: 3,
          retried: 0,
          dead: 0,
          released: 0,
          ms: expect.any(Number),
        }),
      ]);
      const perMessage = lines.filter((l) => l.event === "mail.sent");
      if (level === "info") expect(perMessage).toEqual([]);
      else {
        expect(perMessage.map((l) => l.to).sort()).toEqual([
          "r***@example.com",
          "r***@example.com",
          "r***@example.com",
        ]);
        expect(perMessage.every((l) => l.level === 20 && typeof l.id === "string")).toBe(true);
      }
    }
  });
});

describe("header injection", () => {
  it("folds a subject with a line break onto one line: no Bcc header, no extra recipient", async () => {
    const { db, sink, worker } = await setup();
    await enqueue(
      db,
      TABLE,
      makeMessage({ subject: "Hello\r\nBcc: evil@attacker.example", toName: "Ann\r\nCc: evil@attacker.example" }),
      "k",
    );
    await worker.runOnce();
    expect(sink.deliveries).toHaveLength(1);
    const { mail, rcptTo } = sink.deliveries[0];
    expect(rcptTo).toEqual(["reader@example.com"]);
    expect(mail.subject).toBe("Hello Bcc: evil@attacker.example");
    expect(mail.bcc).toBeUndefined();
    expect(mail.cc).toBeUndefined();
    expect(mail.headers.has("bcc")).toBe(false);
    expect(mail.to).toMatchObject({ value: [{ address: "reader@example.com" }] });
  });

  it("refuses headers outside the allow-list and header values with line breaks", async () => {
    const { db } = await setup();
    const bad = [
      makeMessage({ headers: { Bcc: "evil@attacker.example" } as never }),
      makeMessage({ headers: { "List-Id": "x\r\nBcc: evil@attacker.example" } }),
      makeMessage({ from: "Parlor <a@x.example>, evil@attacker.example" }),
    ];
    for (const [i, message] of bad.entries()) await expect(enqueue(db, TABLE, message, `k${i}`)).rejects.toThrow();
    expect(await rows(db)).toEqual([]);
  });

  it("marks a row edited into a bad recipient dead without sending it", async () => {
    const { db, sink, worker } = await setup();
    await enqueue(db, TABLE, makeMessage(), "k");
    const tampered = JSON.stringify(makeMessage({ to: "a@x.example\r\nBcc: evil@attacker.example" }));
    await db.updateTable(TABLE).set({ message: tampered }).execute();
    expect(await worker.runOnce()).toMatchObject({ dead: 1 });
    expect(sink.attempts).toBe(0);
    const [row] = await rows(db);
    expect(row.status).toBe("dead");
    expect(row.last_error).toContain("to:");
  });
});
