import { isEmailAddress } from "@parlor/validation";
import addressparser from "nodemailer/lib/addressparser";

/**
 * Headers a message may carry besides the ones we build. Anything else is refused, so a caller can never set
 * Bcc, Sender, Content-Type or a second From by accident. The List-* pair is for RFC 8058 one-click
 * unsubscribe; Auto-Submitted (RFC 3834) keeps vacation responders quiet.
 */
export const ALLOWED_HEADERS = [
  "List-Unsubscribe",
  "List-Unsubscribe-Post",
  "List-Id",
  "List-Help",
  "List-Archive",
  "Auto-Submitted",
  "Precedence",
  "X-Auto-Response-Suppress",
  "Feedback-ID",
  "In-Reply-To",
  "References",
] as const;
export type AllowedHeader = (typeof ALLOWED_HEADERS)[number];

/** One email as the outbox stores it (JSON). From defaults to the transport's MAIL_FROM. */
export interface OutboxMessage {
  from?: string;
  /** A single bare address: `reader@example.com`. */
  to: string;
  /** The recipient's display name, passed to nodemailer as a structured field (it encodes it). */
  toName?: string;
  subject: string;
  text: string;
  html: string;
  headers?: Partial<Record<AllowedHeader, string>>;
}

/** One kind of email a service sends, built by the code that sends it from sample data (the message catalogue). */
export interface MailSample {
  kind: string;
  /** When it is sent, and to whom. */
  when: string;
  message: OutboxMessage;
}

/** A mailbox as nodemailer takes it: never a string we glued together. */
export interface Mailbox {
  name: string;
  address: string;
}

/** A message that can never be sent as given (bad address, forbidden header). */
export class InvalidMessage extends Error {
  constructor(
    readonly field: string,
    detail: string,
  ) {
    super(`${field}: ${detail}`);
    this.name = "InvalidMessage";
  }
}

const CONTROL = /\p{Cc}/u;
const MAX_SUBJECT = 500;

/**
 * True for one plain address with nothing around it, by the address rule every endpoint applies
 * (`@parlor/validation`'s `addressProblem`: no quoted local parts, comments, lists or whitespace; RFC 5321's
 * lengths). A domain without a dot passes here, for the operator's own `MAIL_FROM` (`no-reply@localhost`).
 */
export function isSingleAddress(value: string): boolean {
  return isEmailAddress(value, { localDomain: true });
}

/** Turns line breaks and other control characters into spaces: a value can never start a new header line. */
export function foldHeaderText(value: string): string {
  return value
    .replace(/\p{Cc}+/gu, " ")
    .replace(/ {2,}/g, " ")
    .trim();
}

/**
 * Reader-written text (a page path, a name) shortened for a subject line: on one line, at most `max` characters
 * (whole code points), ending in an ellipsis when cut. A subject never carries unbounded reader text, so it can
 * never outgrow the outbox's limit and fail the request that queued it.
 *
 *   `Comment held on ${subjectText(row.uri)}`
 */
export function subjectText(value: string, max = 80): string {
  const chars = Array.from(foldHeaderText(value));
  return chars.length <= max ? chars.join("") : `${chars.slice(0, max - 1).join("")}…`;
}

/**
 * Builds an email and checks it as the outbox will, without throwing: a notification that cannot be built (a
 * bug in a template, a value the mail layer refuses) must never fail the request that caused it, nor what that
 * request answers (a crisis notice). Returns null, after telling `onFailure`, when it cannot be built.
 *
 *   const message = composeMail(() => heldCommentMail(to, row, links, site), (err) => log.error({ err }));
 *   if (message) await enqueue(trx, table, message, key);
 */
export function composeMail(build: () => OutboxMessage, onFailure: (err: unknown) => void): OutboxMessage | null {
  try {
    return validateMessage(build());
  } catch (err) {
    onFailure(err);
    return null;
  }
}

/** Parses `Name <address>` or a bare address (MAIL_FROM); throws InvalidMessage unless it is exactly one mailbox. */
export function parseMailbox(value: string, field = "from"): Mailbox {
  if (CONTROL.test(value)) throw new InvalidMessage(field, "must not contain line breaks or control characters");
  const parsed = addressparser(value);
  const only = parsed.length === 1 ? parsed[0] : undefined;
  if (!only?.address || !isSingleAddress(only.address)) throw new InvalidMessage(field, "must be exactly one address");
  return { name: foldHeaderText(only.name), address: only.address };
}

/**
 * Checks and normalises a message before it is queued and again before it is sent (a row edited in the
 * database gets no further than a valid one). Recipients are refused, not repaired: `a@x.com\r\nBcc: b@y.com`
 * is a bug or an attack. Subjects and names are folded onto one line, because they come from readers.
 */
export function validateMessage(input: OutboxMessage): OutboxMessage {
  if (typeof input !== "object" || input === null) throw new InvalidMessage("message", "must be an object");
  const to = typeof input.to === "string" ? input.to.trim() : "";
  if (!isSingleAddress(to)) throw new InvalidMessage("to", "must be exactly one address, with no name or line breaks");
  const subject = foldHeaderText(String(input.subject ?? ""));
  if (!subject) throw new InvalidMessage("subject", "must not be empty");
  if (subject.length > MAX_SUBJECT) throw new InvalidMessage("subject", `must be at most ${MAX_SUBJECT} characters`);
  for (const part of ["text", "html"] as const) {
    if (typeof input[part] !== "string" || input[part] === "")
      throw new InvalidMessage(part, "must be a non-empty string");
  }
  const message: OutboxMessage = { to, subject, text: input.text, html: input.html };
  if (input.from !== undefined) {
    parseMailbox(input.from);
    message.from = input.from;
  }
  if (input.toName !== undefined) {
    const toName = foldHeaderText(String(input.toName));
    if (toName) message.toName = toName;
  }
  if (input.headers !== undefined) message.headers = validateHeaders(input.headers);
  return message;
}

function validateHeaders(headers: Record<string, unknown>): Partial<Record<AllowedHeader, string>> {
  const out: Partial<Record<AllowedHeader, string>> = {};
  for (const [key, value] of Object.entries(headers)) {
    const name = ALLOWED_HEADERS.find((h) => h.toLowerCase() === key.toLowerCase());
    if (!name) throw new InvalidMessage(`headers.${key}`, "is not an allowed header");
    if (typeof value !== "string" || CONTROL.test(value) || value.length > 2000) {
      throw new InvalidMessage(`headers.${key}`, "must be one line of at most 2000 characters");
    }
    out[name] = value;
  }
  return out;
}
