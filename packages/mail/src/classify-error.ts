import { InvalidMessage } from "./message.ts";

export interface FailureVerdict {
  /** temporary: try again later; permanent: the same message would be refused again. */
  kind: "temporary" | "permanent";
  /** One line for `last_error` and the logs. */
  reason: string;
}

// Network and server-side trouble that passes: the relay restarts, DNS hiccups, a connection drops.
// Auth and TLS failures are in here on purpose: they are configuration that an operator fixes, and the mail
// should go out when they do rather than be thrown away (the retry horizon still bounds it).
const TEMPORARY_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EDNS",
  "ECONNECTION",
  "ESOCKET",
  "EPROTOCOL",
  "ETLS",
  "EAUTH",
  "ENOAUTH",
  "EMAXLIMIT",
  "EABORT",
]);

/**
 * Decides whether a failed send is worth another try. SMTP reply codes decide first (RFC 5321 §4.2.1: 4yz is
 * transient, 5yz permanent); then the error code of the socket or of nodemailer; anything unknown is
 * temporary, because a lost email is worse than a late one and the retry horizon ends it anyway.
 */
export function classifyError(err: unknown): FailureVerdict {
  const e = (err ?? {}) as { code?: unknown; responseCode?: unknown; response?: unknown; message?: unknown };
  const code = typeof e.code === "string" ? e.code : undefined;
  const responseCode = typeof e.responseCode === "number" ? e.responseCode : undefined;
  const reason = describe(code, responseCode, e.response ?? e.message ?? err);
  if (err instanceof InvalidMessage) return { kind: "permanent", reason };
  // A refused login (535) is about our credentials, not this message: every message would fail the same way
  // until the operator fixes SMTP_URL, and then they should all go out.
  if (code === "EAUTH" || code === "ENOAUTH") return { kind: "temporary", reason };
  if (responseCode !== undefined && responseCode >= 500 && responseCode < 600) return { kind: "permanent", reason };
  if (responseCode !== undefined && responseCode >= 400 && responseCode < 500) return { kind: "temporary", reason };
  if (code && TEMPORARY_CODES.has(code)) return { kind: "temporary", reason };
  // nodemailer's envelope errors without a reply code mean the message has no valid recipient
  if (code === "EENVELOPE" || code === "EMAXRECIPIENTS") return { kind: "permanent", reason };
  return { kind: "temporary", reason };
}

function describe(code: string | undefined, responseCode: number | undefined, detail: unknown): string {
  const text = String(detail).replace(/\s+/g, " ").trim();
  return [code, responseCode, text]
    .filter((p) => p !== undefined && p !== "")
    .join(" ")
    .slice(0, 1000);
}
