import type { SendMailOptions } from "nodemailer";
import { type Mailbox, type OutboxMessage, parseMailbox, validateMessage } from "../message.ts";
import type { EncodedParts } from "../shared-body.ts";

/**
 * Builds nodemailer's options from a stored message. Every address and name goes in as a structured field, so
 * nodemailer encodes it; nothing here is ever concatenated into a header line. The message is validated again
 * because it comes back from the database.
 */
export function toMailOptions(
  stored: OutboxMessage,
  defaultFrom: Mailbox,
  ref?: string,
  parts?: EncodedParts,
): SendMailOptions {
  const message = validateMessage(stored);
  const from = message.from ? parseMailbox(message.from) : defaultFrom;
  return {
    from,
    to: { name: message.toName ?? "", address: message.to },
    subject: message.subject,
    // Encoded parts go in as nodemailer's `raw` nodes: their own headers and content, passed through unchanged.
    text: parts ? { raw: parts.text } : message.text,
    html: parts ? { raw: parts.html } : message.html,
    headers: preparedHeaders(message.headers ?? {}),
    // A stable id on the sender's domain: if the relay took a message but the reply was lost, the retry
    // carries the same Message-ID and receivers can tell it is one email.
    ...(ref ? { messageId: `<${ref.replace(/[^\w.-]/g, "-")}@${domainOf(from.address)}>` } : {}),
  };
}

/**
 * Headers as nodemailer takes them. nodemailer MIME-encodes any value holding a double quote, which would turn
 * List-Id's quoted name (RFC 2919: `"Name" <id>`) into an encoded word no list-aware client reads; a List-Id of
 * printable ASCII (validateMessage already kept it to one line) goes out as written.
 */
function preparedHeaders(headers: NonNullable<OutboxMessage["headers"]>) {
  const out: Record<string, string | { prepared: true; foldLines: true; value: string }> = { ...headers };
  const id = headers["List-Id"];
  if (id && /^[\x20-\x7e]+$/.test(id)) out["List-Id"] = { prepared: true, foldLines: true, value: id };
  return out;
}

export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf("@") + 1);
}

// Message content is always our own strings; refusing file and URL content means a stray `path`/`href` can
// never make the mailer read a local file or fetch a URL.
export const CONTENT_ACCESS = { disableFileAccess: true, disableUrlAccess: true } as const;
