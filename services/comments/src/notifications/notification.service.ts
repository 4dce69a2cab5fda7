import { maskEmail } from "@parlor/kit";
import { composeMail, enqueue, type OutboxMessage, signedLink, verifySignedLink } from "@parlor/mail";
import { emailKey } from "@parlor/validation";
import type { Kysely } from "kysely";
import { findComment } from "../comments/comment.repository.ts";
import type { CommentsConfig } from "../config.ts";
import { type CommentRow, type CommentsDb, OUTBOX_TABLE } from "../db/schema.ts";
import { confirmNotifyMail, heldCommentMail, replyMail } from "./notification.mail.ts";
import {
  addNotifyAddress,
  confirmNotifyAddress,
  findNotifyAddress,
  setNotifyLocale,
  spendLink,
  unsubscribeNotifyAddress,
} from "./notification.repository.ts";

type Db = Kysely<CommentsDb>;
const DAY = 86_400_000;
export const LINK_PURPOSE = {
  moderate: "moderate-comment",
  confirm: "confirm-replies",
  unsubscribe: "unsubscribe-replies",
};

export interface NotifierDeps {
  config: CommentsConfig;
  clock: { now(): Date };
  linkKey: string;
  publicUrl: () => string;
  events: { emit(event: string, fields: Record<string, unknown>): void };
}

/**
 * Decides which emails a change causes and queues them in the caller's transaction (the outbox worker sends
 * them later). Idempotency keys make a repeated action queue nothing new.
 */
export function createNotifier(deps: NotifierDeps) {
  const { config, clock, linkKey } = deps;
  const site = config.SITE_NAME;
  const url = (path: string) => `${deps.publicUrl().replace(/\/$/, "")}${path}`;
  const link = (path: string, purpose: string, payload: Record<string, string>, ttlMs: number) =>
    url(`${path}?token=${signedLink(linkKey, { purpose, payload, ttlMs, now: clock.now() })}`);
  const commentUrl = (row: CommentRow) => url(`${row.uri}?parlor-comment=${row.id}#comment-${row.id}`);
  // An email that cannot be built is logged and skipped: it never fails the reader's request (or the
  // moderator's decision) that caused it, nor what that request answers.
  const compose = (kind: string, commentId: string, build: () => OutboxMessage) =>
    composeMail(build, (err) =>
      deps.events.emit("notification.unbuildable", {
        kind,
        commentId,
        error: err instanceof Error ? err.message : String(err),
      }),
    );

  /**
   * A comment went to the queue: tell the moderator, with single-use approve and reject links. `occasion` names a
   * later return to the queue (readers' reports hid it), which earns an email of its own.
   */
  async function held(trx: Db, row: CommentRow, occasion?: string) {
    if (!config.MODERATOR_EMAIL || row.status !== "pending") return;
    // `v` names the text this email shows (when it was written): a link outlived by a newer edit decides nothing.
    const v = row.edited_at ?? row.created_at;
    const moderate = (action: string) =>
      link("/comments/moderate", LINK_PURPOSE.moderate, { id: row.id, action, v }, 7 * DAY);
    const to = config.MODERATOR_EMAIL;
    const message = compose("held", row.id, () =>
      heldCommentMail(to, row, { page: url(row.uri), approve: moderate("approve"), reject: moderate("reject") }, site),
    );
    if (!message) return;
    await enqueue(
      trx,
      OUTBOX_TABLE,
      message,
      `held:${row.id}:${occasion ?? row.edited_at ?? row.created_at}`,
      clock.now(),
    );
  }

  /** "Notify me of replies": an address not yet confirmed gets one confirmation (at most one a day). */
  async function notifyRequested(trx: Db, row: CommentRow, locale: string | null = null) {
    if (!row.notify_replies || !row.author_email) return;
    const key = emailKey(row.author_email);
    const known = await findNotifyAddress(trx, key);
    if (known?.confirmed_at && !known.unsubscribed_at) return;
    if (!known) await addNotifyAddress(trx, key, row.author_email, clock.now().toISOString(), locale);
    const to = row.author_email;
    const confirm = link("/comments/notify/confirm", LINK_PURPOSE.confirm, { email: to }, 7 * DAY);
    const day = clock.now().toISOString().slice(0, 10);
    // Asked again (not yet confirmed): the latest request's language is the one its emails speak.
    if (known && known.locale !== locale) {
      await setNotifyLocale(trx, key, locale);
    }
    const message = compose("notify-confirm", row.id, () => confirmNotifyMail(to, confirm, site, locale));
    if (message) await enqueue(trx, OUTBOX_TABLE, message, `notify-confirm:${key}:${day}`, clock.now());
  }

  /** A comment became visible: when it is a reply, tell the parent's author if they confirmed their address. */
  async function published(trx: Db, row: CommentRow) {
    if (row.status !== "approved" || !row.parent_id) return;
    const parent = await findComment(trx, row.parent_id);
    if (!parent?.notify_replies || !parent.author_email || parent.deleted_at) return;
    const key = emailKey(parent.author_email);
    if (row.author_email && emailKey(row.author_email) === key) return; // no email about your own reply
    const address = await findNotifyAddress(trx, key);
    if (!address?.confirmed_at || address.unsubscribed_at) return;
    const unsubscribe = link(
      "/comments/notify/unsubscribe",
      LINK_PURPOSE.unsubscribe,
      { email: parent.author_email },
      3650 * DAY,
    );
    const to = parent.author_email;
    const message = compose("reply", row.id, () =>
      replyMail(to, row, { reply: commentUrl(row), unsubscribe }, site, address.locale),
    );
    if (message && (await enqueue(trx, OUTBOX_TABLE, message, `reply:${row.id}:${key}`, clock.now()))) {
      deps.events.emit("notification.reply_queued", { replyId: row.id, to: maskEmail(parent.author_email) });
    }
  }

  /** Checks a link's token; single-use links are spent here (a second use is refused). */
  async function useLink<T extends Record<string, string>>(
    trx: Db,
    token: string,
    purpose: string,
    singleUse: boolean,
  ) {
    const verified = verifySignedLink<T>(linkKey, token, purpose, clock.now());
    if (!verified.ok) return { ok: false as const, reason: verified.reason };
    if (singleUse) {
      // Spent under the key of the link itself (its decoded MAC), not of the string presented.
      if (!(await spendLink(trx, verified.useKey, clock.now().toISOString()))) {
        return { ok: false as const, reason: "used" as const };
      }
    }
    return { ok: true as const, payload: verified.payload };
  }

  /** Checks a token without spending it (the GET page that shows the button). */
  function peekLink<T extends Record<string, string>>(token: string, purpose: string) {
    return verifySignedLink<T>(linkKey, token, purpose, clock.now());
  }

  async function confirmAddress(trx: Db, email: string) {
    const now = clock.now().toISOString();
    await confirmNotifyAddress(trx, emailKey(email), email, now);
    deps.events.emit("notification.address_confirmed", { to: maskEmail(email) });
  }

  async function unsubscribeAddress(trx: Db, email: string) {
    const now = clock.now().toISOString();
    await unsubscribeNotifyAddress(trx, emailKey(email), now);
    deps.events.emit("notification.unsubscribed", { to: maskEmail(email) });
  }

  return { held, notifyRequested, published, useLink, peekLink, confirmAddress, unsubscribeAddress };
}
export type Notifier = ReturnType<typeof createNotifier>;
