import type { Engine, Logger, Metrics } from "@parlor/kit";
import { type MailWorkerOptions, startServiceMailWorker } from "@parlor/mail";
import type { Kysely } from "kysely";
import type { NewsletterConfig } from "./config.ts";
import { type NewsletterDb, OUTBOX_TABLE } from "./db/schema.ts";

/** The outbox worker of this process (see startServiceMailWorker), with a warning when it sends unsigned. */
export function startMailWorker(options: {
  config: NewsletterConfig;
  db: Kysely<NewsletterDb>;
  engine: Engine;
  logger: Logger;
  metrics: Metrics;
  rootDir: string;
  onDead: MailWorkerOptions["onDead"];
}) {
  const { config, logger } = options;
  // An issue goes out in claims of 500: the pause between two rounds (the last sends, the sent marks, the next
  // claim) then costs little next to the sends; the worker renews a round's leases when they run short.
  const mail = startServiceMailWorker({ ...options, prefix: "NEWSLETTER", table: OUTBOX_TABLE, batchSize: 500 });
  if (!config.DKIM_KEY_FILE) {
    // RFC 8058 §3: one-click unsubscribe is only honoured when the List-Unsubscribe headers are DKIM-signed.
    logger.warn(
      { event: "mail.no_dkim" },
      "sending without DKIM: set NEWSLETTER_DKIM_DOMAIN, NEWSLETTER_DKIM_SELECTOR and NEWSLETTER_DKIM_KEY_FILE; Gmail and Yahoo ignore one-click unsubscribe (RFC 8058) on unsigned mail and may reject bulk mail",
    );
  }
  return mail;
}
