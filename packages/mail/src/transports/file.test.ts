import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { simpleParser } from "mailparser";
import { describe, expect, it } from "vitest";
import { createTestStore, MAIL_FROM, makeMessage, recordingLogger, rows, TABLE } from "../../test/helpers.ts";
import { enqueue } from "../enqueue.ts";
import { renderEmail } from "../template.ts";
import { createMailWorker } from "../worker.ts";
import { createMailTransport } from "./create-transport.ts";
import { createFileTransport, linksIn } from "./file.ts";

describe("the file transport", () => {
  it("writes each message as a complete .eml file named by outbox id and logs its links", async () => {
    const { db, dir } = await createTestStore();
    const logger = recordingLogger();
    const transport = createMailTransport({ from: MAIL_FROM, dataDir: dir, logger }); // no SMTP_URL: files
    const worker = createMailWorker({ db, table: TABLE, transport, logger });
    const confirm = "https://blog.example/comments/confirm?token=abc.def";
    const content = renderEmail({
      title: "Confirm your address",
      paragraphs: ["Please confirm."],
      action: { label: "Confirm", url: confirm },
      footer: "Sent by blog.example",
    });
    await enqueue(db, TABLE, { to: "reader@example.com", subject: "Confirm your address", ...content }, "k");

    expect(await worker.runOnce()).toMatchObject({ sent: 1 });

    const [row] = await rows(db);
    const mailDir = join(dir, "mail");
    expect(readdirSync(mailDir)).toEqual([`${TABLE}-${row.id}.eml`]); // and no temporary file left behind
    const raw = readFileSync(join(mailDir, `${TABLE}-${row.id}.eml`));
    expect(raw.toString("latin1")).toContain("\r\n\r\n"); // RFC 5322 line endings
    const mail = await simpleParser(raw);
    expect(mail.subject).toBe("Confirm your address");
    expect(mail.from?.value).toEqual([{ name: "Parlor Blog", address: "no-reply@blog.example" }]);
    expect(mail.messageId).toBe(`<${TABLE}-${row.id}@blog.example>`);
    expect(mail.date).toBeInstanceOf(Date);
    expect(mail.text).toContain(confirm);
    expect(mail.html).toContain("Confirm</a>");

    const line = logger.lines.find((l) => l.obj.event === "mail.written");
    expect(line?.obj.links).toEqual([confirm]);
    expect(line?.obj.to).toBe("r***@example.com");
    expect(line?.msg).toContain(confirm);
  });

  it("writes a message sent without an outbox reference under a fresh name", async () => {
    const { dir } = await createTestStore();
    const transport = createFileTransport(dir, recordingLogger());
    const { messageId } = await transport.send(makeMessage());
    expect(messageId).toMatch(/@localhost>$/); // the contract's default MAIL_FROM
    expect(readdirSync(dir).filter((f) => f.endsWith(".eml"))).toHaveLength(1);
  });
});

describe("linksIn", () => {
  it("finds http(s) links without the punctuation after them", () => {
    expect(linksIn("Open https://a.example/x?y=1. Or (http://b.example/z), then https://a.example/x?y=1")).toEqual([
      "https://a.example/x?y=1",
      "http://b.example/z",
    ]);
  });
});
