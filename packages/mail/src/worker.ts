import { maskEmail } from "@parlor/kit";
import {
  createOutboxWorker,
  type DeliveryHandler,
  type OutboxRow,
  type OutboxSettings,
  type OutboxWorker,
  type OutboxWorkerOptions,
} from "@parlor/outbox";
import { classifyError } from "./classify-error.ts";
import { messageRef } from "./enqueue.ts";
import { type BodySource, encodedParts, isPersonalised, personalise, type StoredMessage } from "./shared-body.ts";
import type { MailTransport } from "./transports/transport.ts";

export type { DeadOutcome, RunSummary } from "@parlor/outbox";

/** A personalised message whose shared body is not (yet) stored: a temporary failure (classifyError). */
class MissingBody extends Error {
  readonly code = "ENOBODY";
}
export type MailWorker = OutboxWorker;
/** How the mail worker paces itself (the outbox's settings). */
export type MailSettings = OutboxSettings;

export interface MailWorkerOptions extends Omit<OutboxWorkerOptions<StoredMessage>, "handler" | "metrics"> {
  transport: MailTransport;
  /** Where personalised messages find their shared body (a newsletter issue's); see cachedBodies. */
  bodies?: BodySource;
  /** The kit's metrics: `mail_sent_total{outbox=…}` and the others. */
  metrics?: NonNullable<OutboxWorkerOptions<StoredMessage>["metrics"]>["metrics"];
}

/**
 * Mail as a delivery on the outbox: the payload is an OutboxMessage, or a personalised one whose shared body
 * comes from `bodies`, sent through `transport` (SMTP or .eml files) with the row's ref as Message-ID and file
 * name; SMTP reply codes decide what is retried.
 */
export function mailHandler(
  transport: MailTransport,
  table: string,
  bodies?: BodySource,
): DeliveryHandler<StoredMessage> {
  async function sharedBody(ref: string) {
    const shared = await bodies?.(ref);
    // Not the message's fault: its body's row is missing (a partial restore, say). Retried like any temporary
    // failure, so the email goes out once the body is back, and the retry horizon ends it if it never is.
    if (!shared) throw new MissingBody(`no shared body named ${ref}`);
    return shared;
  }
  return {
    name: "mail",
    read(row: OutboxRow) {
      try {
        return JSON.parse(row.message) as StoredMessage;
      } catch {
        throw new SyntaxError("the stored message is not valid JSON");
      }
    },
    async deliver(stored, { row, signal, recorded }) {
      const ref = messageRef(table, row.id);
      const holdUntil = transport.holdsLastLine ? recorded : undefined;
      if (!isPersonalised(stored)) return transport.send(stored, { ref, signal, holdUntil });
      const shared = await sharedBody(stored.body);
      const parts = encodedParts(stored, shared) ?? undefined;
      return transport.send(personalise(stored, shared), { ref, signal, parts, holdUntil });
    },
    // SMTP: a connection's next message starts while the last one's sent mark is written, and its last line
    // (after which the relay would accept it) waits for that mark.
    holdsUntilRecorded: transport.holdsLastLine === true,
    classify(err) {
      const code = (err as { responseCode?: unknown } | null)?.responseCode;
      return { ...classifyError(err), ...(typeof code === "number" ? { code } : {}) };
    },
    describe: (row) => ({ to: maskEmail(row.recipient) }),
  };
}

/**
 * The mail outbox worker: the outbox's worker with the mail handler. Claims due rows with a lease, sends them
 * through `transport` at most `maxConnections` at a time and `ratePerSecond` overall, marks a row sent only once
 * the relay accepted it, retries temporary failures with jittered backoff until the retry horizon, and marks
 * permanent failures dead with the reason.
 *
 *   const worker = createMailWorker({ db, table: "comment_outbox", transport, logger, metrics,
 *     settings: { backoffMaxMs: config.MAIL_RETRY_MAX_DELAY } });
 *   worker.start();
 *   process.once("SIGTERM", () => worker.stop().then(() => transport.close()));
 */
export function createMailWorker(options: MailWorkerOptions): MailWorker {
  const { transport, metrics, bodies, ...rest } = options;
  return createOutboxWorker({
    ...rest,
    handler: mailHandler(transport, options.table, bodies),
    metrics: metrics ? { metrics, prefix: "mail" } : undefined,
  });
}
