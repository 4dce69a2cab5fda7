import { createHash } from "node:crypto";
import { maskEmail, writeTransaction } from "@parlor/kit";
import { enqueue, signedLink, verifySignedLink } from "@parlor/mail";
import { OUTBOX_TABLE } from "../db/schema.ts";
import type { ServiceDeps } from "../deps.ts";
import { findByKey } from "../subscribers/subscriber.repository.ts";
import type { SubscriberService } from "../subscribers/subscriber.service.ts";
import { emailKey } from "../subscriptions/address.ts";
import { readerRequestMail } from "./reader.mail.ts";

export type ReaderAction = "export" | "erase";
export const READER_PURPOSE: Record<ReaderAction, string> = {
  export: "newsletter-reader-export",
  erase: "newsletter-reader-erase",
};
export const READER_LINK_TTL_HOURS = 24;
const digest = (s: string) => createHash("sha256").update(s).digest("hex").slice(0, 32);

/**
 * A subscriber's rights over what the newsletter holds about their address: ask by address, get a signed link
 * by email, then export (JSON, consent record included) or erase (the admin erasure: a keyed suppression hash
 * stays). Asking never tells whether the address is known. The erase link needs no single-use record:
 * erasing twice changes nothing.
 */
export function createReaderRights(deps: ServiceDeps & { subscribers: SubscriberService }) {
  const { db, clock, config } = deps;

  async function request(email: string, action: ReaderAction) {
    const key = emailKey(email);
    const row = await findByKey(db, key);
    if (!row) {
      deps.events.emit("reader.request_unknown", { action });
      return;
    }
    const now = clock.now();
    const token = signedLink(deps.secrets.linkKey, {
      purpose: READER_PURPOSE[action],
      payload: { email: key },
      ttlMs: READER_LINK_TTL_HOURS * 3_600_000,
      now,
    });
    const url = deps.links.url(`/newsletter/me/${action}?token=${token}`);
    const message = readerRequestMail(row.email, action, url, config, READER_LINK_TTL_HOURS);
    const hour = now.toISOString().slice(0, 13);
    const queued = await writeTransaction(db, (trx) =>
      enqueue(trx, OUTBOX_TABLE, message, `reader-${action}:${digest(key)}:${hour}`, now),
    );
    deps.events.emit("reader.request_mailed", { action, to: maskEmail(key), queued });
  }

  function peek(token: string, action: ReaderAction) {
    return verifySignedLink<{ email: string }>(deps.secrets.linkKey, token, READER_PURPOSE[action], clock.now());
  }

  /** The subscriber, every consent record word for word, the issues sent, and every email in the outbox. */
  async function exportData(token: string) {
    const link = peek(token, "export");
    if (!link.ok) return link;
    const key = emailKey(link.payload.email);
    const row = await findByKey(db, key);
    const consents = row
      ? await db
          .selectFrom("subscriber_consent")
          .selectAll()
          .where("subscriber_id", "=", row.id)
          .orderBy("created_at")
          .execute()
      : [];
    const issues = row
      ? await db
          .selectFrom("newsletter_delivery")
          .innerJoin("newsletter_issue", "newsletter_issue.id", "newsletter_delivery.issue_id")
          .select(["newsletter_issue.slug", "newsletter_issue.subject", "newsletter_issue.sent_at"])
          .where("newsletter_delivery.subscriber_id", "=", row.id)
          .execute()
      : [];
    const emails = await db
      .selectFrom(OUTBOX_TABLE)
      .select(["subject", "status", "created_at", "sent_at"])
      .where("recipient", "=", key)
      .orderBy("created_at")
      .execute();
    deps.events.emit("reader.exported", { to: maskEmail(key) });
    return {
      ok: true as const,
      data: {
        exportedAt: clock.now().toISOString(),
        list: config.LIST_NAME,
        email: key,
        subscriber: row
          ? {
              email: row.email,
              name: row.name,
              status: row.status,
              source: row.source,
              flags: row.flags ? row.flags.split(",") : [],
              reason: row.reason,
              createdAt: row.created_at,
              confirmedAt: row.confirmed_at,
              unsubscribedAt: row.unsubscribed_at,
              updatedAt: row.updated_at,
            }
          : null,
        consent: consents.map((c) => ({
          kind: c.kind,
          text: c.consent_text,
          source: c.source,
          clientAddress: c.client_address,
          at: c.created_at,
        })),
        issues: issues.map((i) => ({ slug: i.slug, subject: i.subject, sentAt: i.sent_at })),
        emails: emails.map((e) => ({
          subject: e.subject,
          status: e.status,
          createdAt: e.created_at,
          sentAt: e.sent_at,
        })),
      },
    };
  }

  /** The admin erasure, for the address of the link. A second use finds nothing left and says so. */
  async function erase(token: string) {
    const link = peek(token, "erase");
    if (!link.ok) return link;
    const row = await findByKey(db, emailKey(link.payload.email));
    if (!row) return { ok: true as const, erased: false };
    await deps.subscribers.erase(row.id);
    deps.events.emit("reader.erased", { id: row.id });
    return { ok: true as const, erased: true };
  }

  return { request, peek, exportData, erase };
}
export type ReaderRights = ReturnType<typeof createReaderRights>;
