import { hashToken, invalidField, newId, newToken } from "@parlor/kit";
import { writeTransaction } from "@parlor/kit/store";
import { eraseByKeyPrefix, eraseMentions, eraseRecipient } from "@parlor/mail";
import { emailKey } from "@parlor/validation";
import { eraseDeliveriesMentioning } from "@parlor/webhooks";
import { lastStatusChange, recordAudit } from "../audit/audit.repository.ts";
import { CommentNotFound } from "../comments/comment.errors.ts";
import { renderMarkdown } from "../comments/comment.render.ts";
import {
  commentsByAuthor,
  findComment,
  findComments,
  insertComment,
  setStatusIf,
  touchThread,
  updateComment,
} from "../comments/comment.repository.ts";
import { type CommentDeps, eraseComment, eraseCommentIn } from "../comments/comment.service.ts";
import { toAdminCommentView } from "../comments/comment.view.ts";
import { dropRevision, findRevision } from "../comments/revision.repository.ts";
import { type CommentRow, OUTBOX_TABLE, WEBHOOK_OUTBOX_TABLE } from "../db/schema.ts";
import { forgetNotifyAddress } from "../notifications/notification.repository.ts";
import { resolveReports } from "../reports/report.repository.ts";
import { decisionCause } from "../webhooks.ts";

export type Decision = "approve" | "reject" | "spam";
const STATUS_OF: Record<Decision, CommentRow["status"]> = { approve: "approved", reject: "rejected", spam: "spam" };

/**
 * What moderators do. Every action is idempotent: doing it twice changes nothing the second time. `actor` is who
 * acts ("owner", a moderator's name, "email-link"); every change writes an audit row in its own transaction.
 */
export function createModerationService(deps: CommentDeps) {
  const { db, clock } = deps;
  const deletion = (actor: string, row: CommentRow, action: string) => (trx: typeof db) =>
    recordAudit(trx, {
      actor,
      action,
      subject: row.id,
      uri: row.uri,
      before: row.status,
      after: "deleted",
      at: clock.now(),
    });

  async function decide(id: string, decision: Decision, actor: string) {
    const row = await findComment(db, id);
    if (!row || row.deleted_at !== null) throw new CommentNotFound(id);
    const now = clock.now().toISOString();
    const updated = await decideOne(row, decision, now, actor);
    // Any decision settles the readers' reports, also an approve that leaves a reported comment up.
    await resolveReports(db, [id], now);
    return toAdminCommentView(updated);
  }

  /**
   * The console's Approve edit / Reject edit: acts on the waiting edit of a published comment only (approve
   * publishes the new text, reject drops it and the comment stays as it was). Without one, nothing changes.
   */
  async function decideEdit(id: string, decision: "approve" | "reject", actor: string) {
    const row = await findComment(db, id);
    if (!row || row.deleted_at !== null) throw new CommentNotFound(id);
    const settled =
      row.status === "approved" ? await settleRevision(row, decision, clock.now().toISOString(), actor) : null;
    return toAdminCommentView(settled ?? row);
  }

  /**
   * A decision on one comment. Approving a published comment whose edit waits (MODERATION=all) publishes the
   * edit; reject and spam file the whole comment, and drop an edit still waiting. Returns the same row object when
   * nothing changed.
   */
  async function decideOne(row: CommentRow, decision: Decision, now: string, actor: string): Promise<CommentRow> {
    if (decision === "approve" && row.status === "approved") {
      const settled = await settleRevision(row, decision, now, actor);
      if (settled) return settled;
    }
    const updated = await apply(deps, row, decision, now, actor);
    if (updated !== row) {
      if (decision !== "approve") await dropRevision(db, row.id);
      deps.events.emit(`comment.${STATUS_OF[decision]}`, { id: row.id, from: row.status });
    }
    return updated;
  }

  /** Approves or rejects the waiting edit of a published comment; null when it has none. */
  async function settleRevision(row: CommentRow, decision: "approve" | "reject", now: string, actor: string) {
    return writeTransaction(db, async (trx) => {
      const revision = await findRevision(trx, row.id);
      if (!revision || !(await dropRevision(trx, revision.comment_id))) return null;
      let updated = row;
      if (decision === "approve") {
        const changes = {
          body: revision.body,
          html: revision.html,
          flags: revision.flags,
          flag_details: revision.flag_details,
          edited_at: revision.created_at,
          moderated_at: now,
        };
        await updateComment(trx, row.id, changes);
        await touchThread(trx, row.uri, now);
        updated = { ...row, ...changes };
        // As when a held comment is approved: its comment.held webhook gets its comment.approved.
        await deps.webhooks.emit(trx, "comment.approved", updated, decisionCause(actor));
      }
      await recordAudit(trx, {
        actor,
        action: `revision.${decision}`,
        subject: row.id,
        uri: row.uri,
        before: row.status,
        after: row.status,
        at: clock.now(),
      });
      deps.events.emit(`comment.edit_${decision === "approve" ? "approved" : "rejected"}`, { id: row.id });
      return updated;
    });
  }

  /**
   * A decision from a moderator's email link, which may be days old: it acts only on a comment still waiting in
   * the queue. A comment decided meanwhile (in the console, through another link) stays as it is, and the answer
   * says who decided and when, from the audit log.
   */
  async function decideIfPending(id: string, decision: Decision, actor: string, version?: string) {
    const row = await findComment(db, id);
    if (!row || row.deleted_at !== null) throw new CommentNotFound(id);
    const now = clock.now().toISOString();
    const shown = await waitingText(row);
    // The link names the text its email showed; the author edited since: a newer email shows the new text.
    if (shown && version !== undefined && shown.version !== version)
      return { decided: false as const, edited: true as const };
    if (row.status === "pending") {
      const updated = await apply(deps, row, decision, now, actor); // only where the status is still pending
      if (updated !== row) {
        await resolveReports(db, [id], now);
        deps.events.emit(`comment.${STATUS_OF[decision]}`, { id, from: row.status });
        return { decided: true as const, comment: toAdminCommentView(updated) };
      }
    } else if (row.status === "approved" && decision !== "spam") {
      // An edit still waiting is what the link was about.
      const settled = await settleRevision(row, decision, now, actor);
      if (settled) return { decided: true as const, comment: toAdminCommentView(settled) };
    }
    return { decided: false as const, ...(await decidedBefore(id)) };
  }

  /**
   * What waits for a moderator's decision on a comment: the pending comment's text, or the waiting edit of a
   * published one; `version` (when that text was written) is what a moderation link names. Null when nothing waits.
   */
  async function waitingText(row: CommentRow) {
    if (row.deleted_at !== null) return null;
    if (row.status === "pending") return { body: row.body, edit: false, version: row.edited_at ?? row.created_at };
    if (row.status !== "approved") return null;
    const revision = await findRevision(db, row.id);
    return revision ? { body: revision.body, edit: true, version: revision.created_at } : null;
  }

  /** A comment's status now, and the log's last change of it: who, and when. */
  async function decidedBefore(id: string) {
    const current = await findComment(db, id);
    const last = await lastStatusChange(db, id);
    return { status: current?.status ?? "deleted", by: last?.actor ?? null, at: last?.at ?? null };
  }

  async function bulk(ids: string[], action: Decision | "delete", actor: string) {
    const unique = [...new Set(ids)];
    const rows = (await findComments(db, unique)).filter((r) => r.deleted_at === null);
    const found = new Set(rows.map((r) => r.id));
    let updated = 0;
    const now = clock.now().toISOString();
    for (const row of rows) {
      if (action === "delete") await eraseComment(db, row, now, deletion(actor, row, "comment.delete"));
      else if ((await decideOne(row, action, now, actor)) === row) continue;
      updated++;
    }
    await resolveReports(
      db,
      rows.map((r) => r.id),
      now,
    );
    deps.events.emit("comment.bulk", { action, updated });
    return { updated, missing: unique.filter((id) => !found.has(id)) };
  }

  async function remove(id: string, actor: string) {
    const row = await findComment(db, id);
    if (!row || row.deleted_at !== null) throw new CommentNotFound(id);
    const now = clock.now().toISOString();
    await eraseComment(db, row, now, deletion(actor, row, "comment.delete"));
    await resolveReports(db, [id], now);
    deps.events.emit("comment.deleted", { id, by: "moderator" });
  }

  /** Settles a comment's open reports without changing it: the moderator read it and it stays as it is. */
  async function dismissReports(id: string, actor: string) {
    const row = await findComment(db, id);
    if (!row || row.deleted_at !== null) throw new CommentNotFound(id);
    const dismissed = await writeTransaction(db, async (trx) => {
      const n = await resolveReports(trx, [id], clock.now().toISOString());
      if (n > 0) {
        const entry = { actor, action: "reports.dismiss", subject: id, uri: row.uri, detail: `${n} report(s)` };
        await recordAudit(trx, { ...entry, before: row.status, after: row.status, at: clock.now() });
      }
      return n;
    });
    if (dismissed > 0) deps.events.emit("comment.reports_dismissed", { id, dismissed });
    return { dismissed, comment: toAdminCommentView(row) };
  }

  /** A moderator's reply: approved at once and marked `isModerator`. */
  async function reply(parentId: string, body: string, actor: string) {
    const parent = await findComment(db, parentId);
    if (!parent || parent.deleted_at !== null) throw new CommentNotFound(parentId);
    if (parent.status === "spam" || parent.status === "rejected") {
      throw invalidField("parentId", "cannot reply to a rejected or spam comment");
    }
    const now = clock.now().toISOString();
    const row: CommentRow = {
      id: newId(clock.now().getTime()),
      uri: parent.uri,
      parent_id: parent.id,
      status: "approved",
      author_name: deps.config.MODERATOR_NAME,
      author_email: null,
      author_website: null,
      is_moderator: 1,
      body,
      html: renderMarkdown(body, { allowedImageOrigins: deps.config.IMAGE_ORIGINS }),
      flags: "",
      flag_details: "[]",
      notify_replies: 0,
      client_hash: null,
      edit_token_hash: hashToken(newToken()),
      created_at: now,
      edited_at: null,
      deleted_at: null,
      moderated_at: now,
      pinned_at: null,
    };
    await writeTransaction(db, async (trx) => {
      await insertComment(trx, row);
      await touchThread(trx, row.uri, now);
      await deps.notifier.published(trx, row);
      await recordAudit(trx, {
        actor,
        action: "comment.reply",
        subject: row.id,
        uri: row.uri,
        after: "approved",
        detail: `reply to ${parent.id}`,
        at: clock.now(),
      });
    });
    deps.events.emit("comment.moderator_reply", { id: row.id, parentId });
    return toAdminCommentView(row);
  }

  /**
   * Erases a commenter: every comment of that address becomes a stub without text, name or personal data, the
   * address forgets its reply-notification consent, and the outbox forgets every email to it or naming it
   * (rows and .eml files), all in one transaction. The audit log keeps one anonymised entry per comment.
   * `actor` is the moderator, or "reader" when the person asked through a mailed link.
   */
  async function eraseAuthor(email: string, mailDir: string | undefined, actor: string) {
    const result = await writeTransaction(db, (trx) => eraseAuthorIn(trx, email, mailDir, actor));
    deps.events.emit("commenter.erased", { comments: result.comments, emails: result.emails, by: actor });
    return result;
  }

  /** eraseAuthor inside the caller's transaction (a reader's erasure spends its link in the same one). */
  async function eraseAuthorIn(trx: typeof db, email: string, mailDir: string | undefined, actor: string) {
    const key = emailKey(email);
    const now = clock.now().toISOString();
    const rows = await commentsByAuthor(trx, key);
    for (const row of rows) {
      await eraseCommentIn(trx, row, now, { forgetName: true });
      await recordAudit(trx, {
        actor,
        action: "comment.erase",
        subject: row.id,
        uri: row.uri,
        before: row.status,
        after: "erased",
        at: clock.now(),
      });
    }
    await forgetNotifyAddress(trx, key);
    const erased = [
      await eraseRecipient(trx, OUTBOX_TABLE, key, mailDir),
      await eraseMentions(trx, OUTBOX_TABLE, key, mailDir),
    ];
    // The emails their comments caused to others quote their name and text: the reply notices and held notices.
    const caused = rows.flatMap((row) => [`reply:${row.id}:`, `held:${row.id}:`]);
    erased.push(await eraseByKeyPrefix(trx, OUTBOX_TABLE, caused, mailDir));
    // Webhook deliveries not yet sent carry the address in their payload (delivered ones keep none).
    await eraseDeliveriesMentioning(trx, WEBHOOK_OUTBOX_TABLE, key);
    const emails = erased.reduce((n, e) => n + e.rows, 0);
    const files = erased.reduce((n, e) => n + e.files, 0);
    return { comments: rows.length, emails, files };
  }

  return {
    decide,
    decideEdit,
    decideIfPending,
    decidedBefore,
    waitingText,
    bulk,
    remove,
    reply,
    eraseAuthor,
    eraseAuthorIn,
    dismissReports,
  };
}
export type ModerationService = ReturnType<typeof createModerationService>;

/**
 * Sets a status; returns the same row object when nothing changed. A comment that becomes visible may owe its
 * parent's author an email, queued in the same transaction (its idempotency key makes a second approve a no-op).
 */
async function apply(
  deps: CommentDeps,
  row: CommentRow,
  decision: Decision,
  now: string,
  actor: string,
): Promise<CommentRow> {
  const status = STATUS_OF[decision];
  if (row.status === status) return row;
  // A pin belongs to a published comment: one taken down loses it, so approving it again cannot bring it back on
  // top unasked, past the page's three.
  const pinned_at = status === "approved" ? row.pinned_at : null;
  const updated = { ...row, status, moderated_at: now, pinned_at };
  // Conditional on the status we read: when two moderators (or two instances) act at once, one wins and the
  // other changes nothing, so the thread and the emails are touched once.
  const changed = await writeTransaction(deps.db, async (trx) => {
    if (!(await setStatusIf(trx, row.id, row.status, { status, moderated_at: now, pinned_at }))) return false;
    if (row.status === "approved" || status === "approved") await touchThread(trx, row.uri, now);
    if (status === "approved") await deps.notifier.published(trx, updated);
    await recordAudit(trx, {
      actor,
      action: `comment.${decision}`,
      subject: row.id,
      uri: row.uri,
      before: row.status,
      after: status,
      at: deps.clock.now(),
    });
    if (status === "approved") await deps.webhooks.emit(trx, "comment.approved", updated, decisionCause(actor));
    return true;
  });
  return changed ? updated : row;
}
