import { createReaderRights as createFlow } from "@parlor/kit/rights";
import { writeTransaction } from "@parlor/kit/store";
import { composeMail, enqueue, linkSigner, outboxHistory } from "@parlor/mail";
import type { Kysely } from "kysely";
import { commentsByAuthor, hasCommented } from "../comments/comment.repository.ts";
import { revisionsOf } from "../comments/revision.repository.ts";
import type { CommentsConfig } from "../config.ts";
import { type CommentsDb, OUTBOX_TABLE } from "../db/schema.ts";
import type { ModerationService } from "../moderation/moderation.service.ts";
import { findNotifyAddress } from "../notifications/notification.repository.ts";
import type { Notifier } from "../notifications/notification.service.ts";
import { readerRequestMail } from "./reader.mail.ts";

export type { ReaderAction } from "@parlor/kit/rights";
export const READER_PURPOSE = { export: "reader-export", erase: "reader-erase" };

export interface ReaderRightsDeps {
  db: Kysely<CommentsDb>;
  config: CommentsConfig;
  clock: { now(): Date };
  events: { emit(event: string, fields: Record<string, unknown>): void };
  notifier: Notifier;
  moderation: ModerationService;
  linkKey: string;
  publicUrl: () => string;
  mailDir?: string;
}

/**
 * A reader's rights over what the comments hold about their address (the kit's flow; this file holds the
 * comments' data): known when a comment or a reply-notification record has the address; the export has every
 * comment in every status, the notification record and the emails; erasure spends its single-use link and erases
 * in one transaction (a failure leaves the link usable).
 */
export function createReaderRights(deps: ReaderRightsDeps) {
  const { db } = deps;
  return createFlow({
    purposes: READER_PURPOSE,
    links: linkSigner(deps.linkKey),
    linkUrl: (action, token) => `${deps.publicUrl().replace(/\/$/, "")}/comments/me/${action}?token=${token}`,
    clock: deps.clock,
    events: deps.events,
    adapter: {
      async find(key, given) {
        // Both lookups always, so a known address takes the same steps as an unknown one.
        const commented = await hasCommented(db, key);
        const notify = await findNotifyAddress(db, key);
        return commented || notify ? given : null;
      },
      // An address no email can be built for (it passed the form's check, not the mailer's) gets none: logged.
      mail: (to, action, url, ttlHours, key, now) =>
        writeTransaction(db, async (trx) => {
          const message = composeMail(
            () => readerRequestMail(to, action, url, deps.config.SITE_NAME, ttlHours),
            (err) => deps.events.emit("notification.unbuildable", { kind: `reader-${action}`, error: String(err) }),
          );
          return message ? enqueue(trx, OUTBOX_TABLE, message, key, now) : false;
        }),
      async exportData(key) {
        const comments = await commentsByAuthor(db, key);
        const notify = await findNotifyAddress(db, key);
        const edits = await revisionsOf(
          db,
          comments.map((r) => r.id),
        );
        return {
          exportedAt: deps.clock.now().toISOString(),
          site: deps.config.SITE_NAME,
          email: key,
          comments: comments.map((r) => ({
            id: r.id,
            uri: r.uri,
            parentId: r.parent_id,
            status: r.status,
            author: { name: r.author_name, email: r.author_email, website: r.author_website },
            body: r.body,
            flags: r.flags ? r.flags.split(",") : [],
            notifyReplies: Boolean(r.notify_replies),
            createdAt: r.created_at,
            editedAt: r.edited_at,
            moderatedAt: r.moderated_at,
            deletedAt: r.deleted_at,
            // An edit still waiting for a moderator.
            pendingEdit: edits.has(r.id)
              ? { body: edits.get(r.id)?.body, editedAt: edits.get(r.id)?.created_at }
              : null,
          })),
          replyNotifications: notify
            ? {
                email: notify.email,
                createdAt: notify.created_at,
                confirmedAt: notify.confirmed_at,
                unsubscribedAt: notify.unsubscribed_at,
              }
            : null,
          emails: await outboxHistory(db, OUTBOX_TABLE, key),
        };
      },
      erase: (token) =>
        writeTransaction(db, async (trx) => {
          const used = await deps.notifier.useLink<{ email: string }>(trx, token, READER_PURPOSE.erase, true);
          if (!used.ok) return used;
          const erased = await deps.moderation.eraseAuthorIn(trx, used.payload.email, deps.mailDir, "reader");
          return { ok: true as const, erased };
        }),
    },
  });
}
export type ReaderRights = ReturnType<typeof createReaderRights>;
