import { writeTransaction } from "@parlor/kit/store";
import type { Kysely } from "kysely";
import { findComment } from "../comments/comment.repository.ts";
import type { CommentsDb } from "../db/schema.ts";
import type { ModerationService } from "../moderation/moderation.service.ts";
import { LINK_PURPOSE, type Notifier } from "./notification.service.ts";

/** A moderation link's payload; `v` (links sent since edits were bound to them) names the text its email showed. */
export type ModerateLink = { id: string; action: string; v?: string };

/**
 * What the links in emails do when followed: moderate a held comment, confirm or stop reply emails. Each POST
 * spends its link (when single-use) in the transaction of the change it makes, so a link acts once.
 */
export function createNotificationLinks(deps: {
  db: Kysely<CommentsDb>;
  notifier: Notifier;
  moderation: ModerationService;
}) {
  const { db, notifier } = deps;

  /** The comment a moderation link names (undefined when it is gone). */
  const comment = (id: string) => findComment(db, id);

  /**
   * Approves or rejects the comment (or the waiting edit) a moderation link names, if it still waits and still
   * reads as the link's email showed it (`v`); the link is spent either way.
   */
  async function moderate(token: string) {
    const used = await writeTransaction(db, (trx) =>
      notifier.useLink<ModerateLink>(trx, token, LINK_PURPOSE.moderate, true),
    );
    if (!used.ok) return used;
    const decision = used.payload.action === "approve" ? "approve" : "reject";
    return {
      ok: true as const,
      result: await deps.moderation.decideIfPending(used.payload.id, decision, "email-link", used.payload.v),
    };
  }

  async function confirm(token: string) {
    return writeTransaction(db, async (trx) => {
      const used = await notifier.useLink<{ email: string }>(trx, token, LINK_PURPOSE.confirm, true);
      if (used.ok) await notifier.confirmAddress(trx, used.payload.email);
      return used;
    });
  }

  async function unsubscribe(token: string) {
    return writeTransaction(db, async (trx) => {
      const used = await notifier.useLink<{ email: string }>(trx, token, LINK_PURPOSE.unsubscribe, false);
      if (used.ok) await notifier.unsubscribeAddress(trx, used.payload.email);
      return used;
    });
  }

  return {
    comment,
    moderate,
    confirm,
    unsubscribe,
    decidedBefore: deps.moderation.decidedBefore,
    waitingText: deps.moderation.waitingText,
  };
}
export type NotificationLinks = ReturnType<typeof createNotificationLinks>;
