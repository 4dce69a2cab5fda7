import { createFileTransport, mailDirOf } from "./file.ts";
import { createSmtpTransport } from "./smtp.ts";
import type { DkimOptions, MailLogger, MailTransport } from "./transport.ts";

/**
 * The transport the contract asks for: SMTP when SMTP_URL is set, otherwise `.eml` files under
 * `$DATA_DIR/mail/` with their links logged.
 *
 *   const transport = createMailTransport({ smtpUrl: config.SMTP_URL, from: config.MAIL_FROM, dataDir, logger });
 */
export function createMailTransport(options: {
  smtpUrl?: string;
  from?: string;
  dataDir: string;
  logger: MailLogger;
  maxConnections?: number;
  dkim?: DkimOptions;
}): MailTransport {
  if (options.smtpUrl) {
    return createSmtpTransport(options.smtpUrl, {
      from: options.from,
      maxConnections: options.maxConnections,
      dkim: options.dkim,
    });
  }
  return createFileTransport(mailDirOf(options.dataDir), options.logger, { from: options.from, dkim: options.dkim });
}
