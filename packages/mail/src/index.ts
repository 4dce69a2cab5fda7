// Mail: a delivery handler on the outbox (@parlor/outbox): messages, templates, transports, DKIM, signed links.

// The frozen migrations that created the services' outbox tables import these from here.
export { createOutboxTable, dropOutboxTable } from "@parlor/outbox";
export { classifyError, type FailureVerdict } from "./classify-error.ts";
export { dkimAlignmentProblem, dkimCommand, dkimRecord, makeDkimKey } from "./dkim-key.ts";
export { enqueue, enqueueMessages, messageRef, outboxHistory } from "./enqueue.ts";
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
  type MailSample,
  type OutboxMessage,
  parseMailbox,
  subjectText,
  validateMessage,
} from "./message.ts";
export {
  dkimFromConfig,
  type MailConfig,
  mailConfigProblem,
  mailConfigShape,
  workerSettingsFromConfig,
} from "./service-config.ts";
export { startServiceMailWorker } from "./service-worker.ts";
export {
  type BodySource,
  cachedBodies,
  type EncodedParts,
  encodedParts,
  isPersonalised,
  type PersonalisedMessage,
  personalise,
  type SharedBody,
  type StoredMessage,
  validatePersonalised,
} from "./shared-body.ts";
export { type LinkPayload, linkSigner, signedLink, type VerifiedLink, verifySignedLink } from "./signed-link.ts";
export {
  type EmailContent,
  type EmailLanguage,
  type EmailLink,
  type EmailQuote,
  escapeHtml,
  renderEmail,
} from "./template.ts";
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
export {
  createMailWorker,
  type DeadOutcome,
  type MailSettings,
  type MailWorker,
  type MailWorkerOptions,
  mailHandler,
  type RunSummary,
} from "./worker.ts";
