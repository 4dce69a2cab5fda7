import { invalidField, maskEmail } from "@parlor/kit";
import { writeTransaction } from "@parlor/kit/store";
import { eraseRecipient } from "@parlor/mail";
import { decodeCursor, emailKey, encodeCursor } from "@parlor/validation";
import { eraseDeliveriesMentioning } from "@parlor/webhooks";
import { OUTBOX_TABLE, type SubscriberRow, WEBHOOK_OUTBOX_TABLE } from "../db/schema.ts";
import type { ServiceDeps } from "../deps.ts";
import { SUBSCRIBED } from "../webhooks.ts";
import { addressHash } from "./address.ts";
import { exportConsentCsv } from "./consent-export.ts";
import { exportCsv } from "./csv-export.ts";
import { importCsv } from "./csv-import.ts";
import { CannotApprove, CannotReject, SubscriberNotFound } from "./subscriber.errors.ts";
import {
  countByStatus,
  countsByStatus,
  deleteSubscriber,
  dropQueuedMail,
  findByKey,
  findSubscriber,
  listSubscribers,
  updateSubscriber,
} from "./subscriber.repository.ts";
import { toSubscriberView } from "./subscriber.view.ts";
import { suppress } from "./suppression.repository.ts";

export type DeliveryProblem = { kind: "bounce" | "complaint"; detail: string };

/** What moderators do with subscribers. Approve and reject are idempotent. */
export function createSubscriberService(
  deps: ServiceDeps & {
    mailDir?: string;
    /** The SQLite file, for the CSV export's own read-only connection (null on PostgreSQL). */
    sqliteFile?: string | null;
    /** Queues the confirmation email of an approved signup, in the caller's transaction (the signup flow's). */
    queueConfirmation: (trx: ServiceDeps["db"], row: SubscriberRow) => Promise<void>;
  },
) {
  const { db, clock } = deps;
  const hashOf = (key: string) => addressHash(deps.secrets.suppressionKey, key);

  async function load(id: string): Promise<SubscriberRow> {
    const row = await findSubscriber(db, id);
    if (!row) throw new SubscriberNotFound(id);
    return row;
  }

  /** A held (or rejected) signup is let through: the confirmation email goes out now. */
  async function approve(id: string) {
    const result = await writeTransaction(db, async (trx) => {
      const row = await findSubscriber(trx, id);
      if (!row) throw new SubscriberNotFound(id);
      if (row.status === "pending" || row.status === "active") return row; // already through: nothing to send
      if (row.status !== "pending_review" && row.status !== "rejected") throw new CannotApprove(row.status);
      await deps.queueConfirmation(trx, row);
      return (await findSubscriber(trx, id)) as SubscriberRow;
    });
    deps.events.emit("subscriber.approved", { id });
    return toSubscriberView(result);
  }

  async function reject(id: string) {
    const result = await writeTransaction(db, async (trx) => {
      const row = await findSubscriber(trx, id);
      if (!row) throw new SubscriberNotFound(id);
      if (row.status === "rejected") return row;
      if (row.status !== "pending_review" && row.status !== "pending") throw new CannotReject(row.status);
      const at = clock.now().toISOString();
      await updateSubscriber(trx, id, {
        status: "rejected",
        confirm_token_hash: null,
        confirm_expires_at: null,
        updated_at: at,
      });
      await dropQueuedMail(trx, row.email_key);
      return (await findSubscriber(trx, id)) as SubscriberRow;
    });
    deps.events.emit("subscriber.rejected", { id });
    return toSubscriberView(result);
  }

  /**
   * GDPR erasure: the subscriber row, the consent records, who-got-which-issue, every email queued, sent or
   * dead-lettered to the address and its .eml files, webhook deliveries not yet sent that name it. Only a keyed hash stays, on the suppression list, so
   * an import or a stray signup never mails the address by mistake.
   */
  async function erase(id: string) {
    const row = await load(id);
    const mail = await writeTransaction(db, async (trx) => {
      await deleteSubscriber(trx, id);
      await suppress(trx, hashOf(row.email_key), "erased", clock.now().toISOString());
      // Webhook deliveries still queued carry the address in their payload.
      await eraseDeliveriesMentioning(trx, WEBHOOK_OUTBOX_TABLE, row.email_key);
      // Then the integrator hears that the person left the list (by id: the announcement names no address).
      if (SUBSCRIBED.includes(row.status)) await deps.webhooks?.erased(trx, row);
      return eraseRecipient(trx, OUTBOX_TABLE, row.email_key, deps.mailDir);
    });
    deps.events.emit("subscriber.erased", { id, emails: mail.rows, files: mail.files });
  }

  /**
   * A bounce or complaint: the address is suppressed, and its subscriber (if any) marked, with the reason the
   * admin list shows. Bounces make the status `bounced`; a complaint unsubscribes. Returns whether a subscriber
   * was known.
   */
  async function recordProblem(email: string, problem: DeliveryProblem): Promise<boolean> {
    const key = emailKey(email);
    const known = await writeTransaction(db, async (trx) => {
      const at = clock.now().toISOString();
      await suppress(trx, hashOf(key), problem.kind, at);
      await dropQueuedMail(trx, key);
      const row = await findByKey(trx, key);
      if (!row) return false;
      const changes = {
        status: problem.kind === "bounce" ? ("bounced" as const) : ("unsubscribed" as const),
        reason: `${problem.kind}: ${problem.detail}`.slice(0, 1000),
        unsubscribed_at: problem.kind === "complaint" ? (row.unsubscribed_at ?? at) : row.unsubscribed_at,
        confirm_token_hash: null,
        confirm_expires_at: null,
        updated_at: at,
      };
      await updateSubscriber(trx, row.id, changes);
      // Someone on the list has left it: once, whatever repeats (a second bounce finds them off the list).
      if (SUBSCRIBED.includes(row.status)) {
        await deps.webhooks?.subscriber(trx, "subscriber.unsubscribed", { ...row, ...changes }, problem.kind);
      }
      return true;
    });
    deps.events.emit(`subscriber.${problem.kind}`, { to: maskEmail(email), known });
    return known;
  }

  /** A page of the list, by id, optionally of one status or matching a search. */
  async function page(q: { status?: SubscriberRow["status"]; q?: string; limit: number; cursor?: string }) {
    let after: string | undefined;
    if (q.cursor) {
      const d = decodeCursor(q.cursor) as { i?: unknown } | null;
      if (typeof d?.i !== "string") throw invalidField("cursor", "must be a cursor returned by this API");
      after = d.i;
    }
    const rows = await listSubscribers(db, { status: q.status, q: q.q, limit: q.limit + 1, after });
    const list = rows.slice(0, q.limit);
    const last = list.at(-1);
    return {
      subscribers: list.map(toSubscriberView),
      nextCursor: rows.length > q.limit && last ? encodeCursor({ i: last.id }) : null,
    };
  }

  return {
    load,
    approve,
    reject,
    erase,
    recordProblem,
    page,
    /** How many subscribers each status holds. */
    stats: () => countByStatus(db),
    /** Every subscriber as a CSV stream. */
    exportCsv: () => exportCsv({ db, sqliteFile: deps.sqliteFile ?? null }),
    /** Subscribers, or emails in the outbox, each by status (the metrics' gauges). */
    countsByStatus: (what: "subscribers" | "outbox") =>
      countsByStatus(db, what === "subscribers" ? "subscriber" : OUTBOX_TABLE),
    /** Every consent record as CSV lines. */
    exportConsents: () => exportConsentCsv(db),
    /** Subscribers from a CSV (nobody is mailed). */
    importCsv: (text: string) => importCsv(deps, text),
  };
}
export type SubscriberService = ReturnType<typeof createSubscriberService>;
