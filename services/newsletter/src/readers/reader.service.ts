import { createReaderRights as createFlow } from "@parlor/kit/rights";
import { writeTransaction } from "@parlor/kit/store";
import { composeMail, enqueue, linkSigner, outboxHistory } from "@parlor/mail";
import { emailKey } from "@parlor/validation";
import { OUTBOX_TABLE } from "../db/schema.ts";
import type { ServiceDeps } from "../deps.ts";
import { consentsOf, findByKey, issuesSentTo } from "../subscribers/subscriber.repository.ts";
import type { SubscriberService } from "../subscribers/subscriber.service.ts";
import { readerRequestMail } from "./reader.mail.ts";

export type { ReaderAction } from "@parlor/kit/rights";
export const READER_PURPOSE = { export: "newsletter-reader-export", erase: "newsletter-reader-erase" };

/**
 * A subscriber's rights over what the newsletter holds about their address (the kit's flow; this file holds the
 * newsletter's data): known when a subscriber has the address; the export has the subscriber, every consent
 * record word for word, the issues sent and the emails; erasure is the admin erasure (a keyed suppression hash
 * stays). The erase link needs no single-use record: erasing twice changes nothing, and says so.
 */
export function createReaderRights(deps: ServiceDeps & { subscribers: SubscriberService }) {
  const { db, config } = deps;
  return createFlow({
    purposes: READER_PURPOSE,
    links: linkSigner(deps.secrets.linkKey),
    linkUrl: (action, token) => deps.links.url(`/newsletter/me/${action}?token=${token}`),
    clock: deps.clock,
    events: deps.events,
    adapter: {
      find: async (key) => (await findByKey(db, emailKey(key)))?.email ?? null,
      // An address no email can be built for (it passed the form's check, not the mailer's) gets none: logged.
      mail: (to, action, url, ttlHours, key, now) =>
        writeTransaction(db, async (trx) => {
          const message = composeMail(
            () => readerRequestMail(to, action, url, config, ttlHours),
            (err) => deps.events.emit("notification.unbuildable", { kind: `reader-${action}`, error: String(err) }),
          );
          return message ? enqueue(trx, OUTBOX_TABLE, message, key, now) : false;
        }),
      async exportData(key) {
        const row = await findByKey(db, emailKey(key));
        const consents = row ? await consentsOf(db, row.id) : [];
        const issues = row ? await issuesSentTo(db, row.id) : [];
        return {
          exportedAt: deps.clock.now().toISOString(),
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
          emails: await outboxHistory(db, OUTBOX_TABLE, key),
        };
      },
      async erase(token, check) {
        const link = check(token);
        if (!link.ok) return link;
        const row = await findByKey(db, emailKey(link.payload.email));
        if (!row) return { ok: true as const, erased: false };
        await deps.subscribers.erase(row.id);
        return { ok: true as const, erased: true };
      },
    },
  });
}
export type ReaderRights = ReturnType<typeof createReaderRights>;
