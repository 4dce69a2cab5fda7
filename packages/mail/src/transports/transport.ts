import type { OutboxMessage } from "../message.ts";
import type { EncodedParts } from "../shared-body.ts";

export interface SendOptions {
  /** `<table>-<id>` from the outbox: names the .eml file and fixes the Message-ID across retries. */
  ref?: string;
  /** Aborts a send that has taken too long (the worker's lease is running out, or it is stopping). */
  signal?: AbortSignal;
  /**
   * The message's text and html as MIME parts already encoded (`encodedParts`, a newsletter issue's): sent as
   * they are. They must decode to the message's text and html, which are still used for checks and logs.
   */
  parts?: EncodedParts;
  /**
   * The message's last line waits for this (the outbox's earlier sends recorded as sent), so the relay cannot
   * accept it before. Only a transport that says `holdsLastLine` honours it.
   */
  holdUntil?: () => Promise<void>;
}

/** What the worker needs from a way of sending mail; SMTP and files implement it, tests may record. */
export interface MailTransport {
  /** Resolves only once the message was accepted (by the relay, or written to disk). */
  send(message: OutboxMessage, options?: SendOptions): Promise<{ messageId: string }>;
  /** True when `send` keeps the message's last line back until `holdUntil` resolves. */
  readonly holdsLastLine?: boolean;
  close(): Promise<void>;
}

/** DKIM signing for nodemailer; the caller reads the key file. */
export interface DkimOptions {
  domainName: string;
  keySelector: string;
  privateKey: string;
}

/**
 * The header fields DKIM signs: the RFC 6376 §5.4.1 set we send, plus RFC 8058's List-Unsubscribe-Post (Gmail and
 * Yahoo honour one-click unsubscribe only when it and List-Unsubscribe are both signed), RFC 2919's List-Id and
 * RFC 3834's Auto-Submitted. nodemailer's default list leaves List-Unsubscribe-Post out, so a message with it
 * altered still verified.
 */
export const DKIM_SIGNED_HEADERS = [
  "From",
  "Sender",
  "Reply-To",
  "Subject",
  "Date",
  "Message-ID",
  "To",
  "Cc",
  "MIME-Version",
  "Content-Type",
  "Content-Transfer-Encoding",
  "In-Reply-To",
  "References",
  "List-Id",
  "List-Help",
  "List-Unsubscribe",
  "List-Unsubscribe-Post",
  "List-Archive",
  "Auto-Submitted",
  "Precedence",
  "Feedback-ID",
].join(":");

/** nodemailer's DKIM options for a key: the key, and the header fields to sign. */
export function dkimSigning(dkim: DkimOptions) {
  return { ...dkim, headerFieldNames: DKIM_SIGNED_HEADERS };
}

/** The contract's default sender when MAIL_FROM is unset. */
export const DEFAULT_MAIL_FROM = "Parlor <no-reply@localhost>";

/** The minimum of a logger the package writes to; a pino logger fits. */
export interface MailLogger {
  debug?(obj: object, msg?: string): void;
  isLevelEnabled?(level: string): boolean;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}
