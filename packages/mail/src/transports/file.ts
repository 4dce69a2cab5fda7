import { randomBytes } from "node:crypto";
import { mkdir, open, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { maskEmail, newId } from "@parlor/kit";
import nodemailer from "nodemailer";
import { parseMailbox } from "../message.ts";
import { CONTENT_ACCESS, toMailOptions } from "./compose.ts";
import { DEFAULT_MAIL_FROM, type DkimOptions, dkimSigning, type MailLogger, type MailTransport } from "./transport.ts";

/** The folder the file transport writes to: `$DATA_DIR/mail`. */
export function mailDirOf(dataDir: string): string {
  return join(dataDir, "mail");
}

/**
 * Writes each message as a complete RFC 5322 `.eml` file (the exact bytes SMTP would carry) into `dir`,
 * named `<table>-<id>.eml`, and logs the links of its text part, so a newcomer without an SMTP relay can
 * open the mail in any client or click the confirmation link from the terminal. Used when SMTP_URL is unset.
 *
 *   const transport = createFileTransport(mailDirOf(config.DATA_DIR), logger, { from: config.MAIL_FROM });
 */
export function createFileTransport(
  dir: string,
  logger: MailLogger,
  options: { from?: string; dkim?: DkimOptions } = {},
): MailTransport {
  const from = parseMailbox(options.from ?? DEFAULT_MAIL_FROM);
  const composer = nodemailer.createTransport({
    streamTransport: true,
    buffer: true,
    newline: "windows", // RFC 5322 line endings: the file is byte for byte what a relay would get
    ...(options.dkim ? { dkim: dkimSigning(options.dkim) } : {}),
    ...CONTENT_ACCESS,
  });
  return {
    async send(message, sendOptions = {}) {
      const info = await composer.sendMail(toMailOptions(message, from, sendOptions.ref, sendOptions.parts));
      const name = `${(sendOptions.ref ?? newId()).replace(/[^\w.-]/g, "-")}.eml`;
      const file = join(dir, name);
      await writeAtomically(file, info.message as Buffer);
      const links = linksIn(message.text);
      logger.info(
        { event: "mail.written", file, to: maskEmail(message.to), subject: message.subject, links },
        `mail written to ${file}${links.length ? `; links: ${links.join(" ")}` : ""}`,
      );
      return { messageId: info.messageId };
    },
    async close() {},
  };
}

// A reader of the folder (or a crash halfway) never sees half a file: write beside it, flush, then rename.
async function writeAtomically(file: string, data: Buffer) {
  await mkdir(join(file, ".."), { recursive: true });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    const handle = await open(tmp, "wx");
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/**
 * The http(s) links of a text part, without the punctuation that often ends a sentence after them. Quoted lines
 * (`> `, reader-written text) are left out: the terminal shows only our own links.
 */
export function linksIn(text: string): string[] {
  const ours = text
    .split("\n")
    .filter((line) => !line.startsWith(">"))
    .join("\n");
  const found = ours.match(/https?:\/\/[^\s<>"]+/g) ?? [];
  return [...new Set(found.map((l) => l.replace(/[.,;:!?)\]]+$/, "")))];
}
