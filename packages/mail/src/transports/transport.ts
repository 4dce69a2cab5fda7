import type { OutboxMessage } from "../message.ts";

export interface SendOptions {
  /** `<table>-<id>` from the outbox: names the .eml file and fixes the Message-ID across retries. */
  ref?: string;
  /** Aborts a send that has taken too long (the worker's lease is running out, or it is stopping). */
  signal?: AbortSignal;
}

/** What the worker needs from a way of sending mail; SMTP and files implement it, tests may record. */
export interface MailTransport {
  /** Resolves only once the message was accepted (by the relay, or written to disk). */
  send(message: OutboxMessage, options?: SendOptions): Promise<{ messageId: string }>;
  close(): Promise<void>;
}

/** DKIM signing for nodemailer; the caller reads the key file. */
export interface DkimOptions {
  domainName: string;
  keySelector: string;
  privateKey: string;
}

/** The contract's default sender when MAIL_FROM is unset. */
export const DEFAULT_MAIL_FROM = "Parlor <no-reply@localhost>";

/** The minimum of a logger the package writes to; a pino logger fits. */
export interface MailLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}
