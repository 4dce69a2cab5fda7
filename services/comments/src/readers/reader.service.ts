import { createHash } from "node:crypto";
import { maskEmail, writeTransaction } from "@parlor/kit";
import { enqueue, signedLink, verifySignedLink } from "@parlor/mail";
import type { Kysely } from "kysely";
import type { CommentsConfig } from "../config.ts";
import { type CommentsDb, OUTBOX_TABLE } from "../db/schema.ts";
import type { ModerationService } from "../moderation/moderation.service.ts";
import type { Notifier } from "../notifications/notification.service.ts";
import { readerRequestMail } from "./reader.mail.ts";

export type ReaderAction = "export" | "erase";
export const READER_PURPOSE: Record<ReaderAction, string> = { export: "reader-export", erase: "reader-erase" };
export const READER_LINK_TTL_HOURS = 24;

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

const keyOf = (email: string) => email.trim().toLowerCase();
const digest = (s: string) => createHash("sha256").update(s).digest("hex").slice(0, 32);

/**
 * A reader's rights over what the comments hold about their address: ask by address, get a signed link by
 * email, then export (JSON) or erase. Asking never tells whether anything is held.
 */
export function createReaderRights(deps: ReaderRightsDeps) {
  const { db, clock } = deps;

  async function holdsAnything(key: string): Promise<boolean> {
    const comment = await db
      .selectFrom("comment")
      .select("id")
      .where((eb) => eb(eb.fn("lower", ["author_email"]), "=", key))
      .limit(1)
      .executeTakeFirst();
    if (comment) return true;
    const address = await db
      .selectFrom("comment_notify_address")
      .select("email_key")
      .where("email_key", "=", key)
      .executeTakeFirst();
    return address !== undefined;
  }

  /**
   * Mails the link when the address is known; otherwise does nothing. The caller answers the same either way.
   * One email per address and action an hour (the outbox's idempotency key), whoever asks.
   */
  async function request(email: string, action: ReaderAction) {
    const key = keyOf(email);
    if (!(await holdsAnything(key))) {
      deps.events.emit("reader.request_unknown", { action });
      return;
    }
    const now = clock.now();
    const token = signedLink(deps.linkKey, {
      purpose: READER_PURPOSE[action],
      payload: { email: key },
      ttlMs: READER_LINK_TTL_HOURS * 3_600_000,
      now,
    });
    const url = `${deps.publicUrl().replace(/\/$/, "")}/comments/me/${action}?token=${token}`;
    const message = readerRequestMail(email.trim(), action, url, deps.config.SITE_NAME, READER_LINK_TTL_HOURS);
    const hour = now.toISOString().slice(0, 13);
    const queued = await writeTransaction(db, (trx) =>
      enqueue(trx, OUTBOX_TABLE, message, `reader-${action}:${digest(key)}:${hour}`, now),
    );
    deps.events.emit("reader.request_mailed", { action, to: maskEmail(email), queued });
  }

  /** Checks a link without spending it (the GET page). */
  function peek(token: string, action: ReaderAction) {
    return verifySignedLink<{ email: string }>(deps.linkKey, token, READER_PURPOSE[action], clock.now());
  }

  /** Everything held about the address: comments in every status, the reply-notification record, emails. */
  async function exportData(token: string) {
    const link = peek(token, "export");
    if (!link.ok) return link;
    const key = keyOf(link.payload.email);
    const comments = await db
      .selectFrom("comment")
      .selectAll()
      .where((eb) => eb(eb.fn("lower", ["author_email"]), "=", key))
      .orderBy("created_at")
      .execute();
    const notify = await db
      .selectFrom("comment_notify_address")
      .selectAll()
      .where("email_key", "=", key)
      .executeTakeFirst();
    const emails = await db
      .selectFrom(OUTBOX_TABLE)
      .select(["subject", "status", "created_at", "sent_at"])
      .where("recipient", "=", key)
      .orderBy("created_at")
      .execute();
    deps.events.emit("reader.exported", { to: maskEmail(key), comments: comments.length });
    return {
      ok: true as const,
      data: {
        exportedAt: clock.now().toISOString(),
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
        })),
        replyNotifications: notify
          ? {
              email: notify.email,
              createdAt: notify.created_at,
              confirmedAt: notify.confirmed_at,
              unsubscribedAt: notify.unsubscribed_at,
            }
          : null,
        emails: emails.map((e) => ({
          subject: e.subject,
          status: e.status,
          createdAt: e.created_at,
          sentAt: e.sent_at,
        })),
      },
    };
  }

  /** Spends the single-use link and erases, in one transaction: a failure leaves the link usable. */
  async function erase(token: string) {
    const result = await writeTransaction(db, async (trx) => {
      const used = await deps.notifier.useLink<{ email: string }>(trx, token, READER_PURPOSE.erase, true);
      if (!used.ok) return used;
      const erased = await deps.moderation.eraseAuthorIn(trx, used.payload.email, deps.mailDir, "reader");
      return { ok: true as const, erased };
    });
    if (result.ok)
      deps.events.emit("reader.erased", { comments: result.erased.comments, emails: result.erased.emails });
    return result;
  }

  return { request, peek, exportData, erase };
}
export type ReaderRights = ReturnType<typeof createReaderRights>;
