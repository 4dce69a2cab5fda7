export { backoffDelay, nextAttemptAt } from "./backoff.ts";
export { classifyError, type FailureVerdict } from "./classify-error.ts";
export { eraseByKeyPrefix, eraseMentions, eraseRecipient } from "./erase-recipient.ts";
export { AUTO_GENERATED, listId } from "./list-headers.ts";
export {
  ALLOWED_HEADERS,
  type AllowedHeader,
  composeMail,
  foldHeaderText,
  InvalidMessage,
  isSingleAddress,
  type Mailbox,
  type OutboxMessage,
  parseMailbox,
  subjectText,
  validateMessage,
} from "./message.ts";
export { type MailCounters, registerMailMetrics } from "./metrics.ts";
export {
  claimBatch,
  markDead,
  markManySent,
  markRetry,
  markSent,
  oldestWaitingSince,
  releaseLease,
  renewLease,
  renewLeases,
} from "./outbox.claims.ts";
export {
  createOutboxTable,
  dropOutboxTable,
  enqueue,
  messageRef,
  type OutboxRow,
  type OutboxStatus,
  type OutboxTable,
} from "./outbox.repository.ts";
export { dkimFromConfig, type MailConfig, mailConfigShape, workerSettingsFromConfig } from "./service-config.ts";
export { startServiceMailWorker } from "./service-worker.ts";
export { DEFAULT_MAIL_SETTINGS, type MailSettings, mailSettings } from "./settings.ts";
export { type LinkPayload, signedLink, type VerifiedLink, verifySignedLink } from "./signed-link.ts";
export { type EmailContent, escapeHtml, renderEmail } from "./template.ts";
export { createMailTransport } from "./transports/create-transport.ts";
export { createFileTransport, linksIn, mailDirOf } from "./transports/file.ts";
export { createSmtpTransport, type SmtpTransportOptions } from "./transports/smtp.ts";
export {
  DEFAULT_MAIL_FROM,
  DKIM_SIGNED_HEADERS,
  type DkimOptions,
  dkimSigning,
  type MailLogger,
  type MailTransport,
  type SendOptions,
} from "./transports/transport.ts";
export { createMailWorker, type MailWorker, type MailWorkerOptions, type RunSummary } from "./worker.ts";
