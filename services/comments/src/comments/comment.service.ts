import { hashToken, invalidField, newId, newToken, tokenMatches } from "@parlor/kit";
import type { Locale } from "@parlor/kit/http";
import { groupCommit, writeTransaction } from "@parlor/kit/store";
import type { NewComment } from "@parlor/validation";
import type { Kysely } from "kysely";
import { withBlockedLookalikes } from "../blocks/blocked-words.ts";
import type { CommentsConfig } from "../config.ts";
import type { CommentRow, CommentsDb, RevisionRow } from "../db/schema.ts";
import type { Notifier } from "../notifications/notification.service.ts";
import { type ScreenInput, type ScreenPolicy, type ScreenResult, screenComment } from "../screen/screen.ts";
import type { Webhooks } from "../webhooks.ts";
import { CommentNotFound, EditTokenRejected, EditWindowClosed } from "./comment.errors.ts";
import { countLinks, renderComment, renderMarkdown } from "./comment.render.ts";
import { findComment, insertComment, threadGainedComment, touchThread, updateComment } from "./comment.repository.ts";
import { parseFlagDetails, toCommentView } from "./comment.view.ts";
import { savePageTitle } from "./page.repository.ts";
import { createPublishPolicy } from "./publish-policy.ts";
import { dropRevision, saveRevision } from "./revision.repository.ts";

export interface CommentDeps {
  db: Kysely<CommentsDb>;
  config: CommentsConfig;
  clock: { now(): Date };
  events: { emit(event: string, fields: Record<string, unknown>): void };
  notifier: Notifier;
  webhooks: Webhooks;
}

export interface Notice {
  kind: "crisis";
  text: string;
  links: { label: string; href: string }[];
}

/** What the author of an edit held for review is told. */
export const EDIT_HELD = "Your edit will appear once a moderator has read it. Until then the comment shows as it was.";

/** The screen, with blocked words also matched by their look-alikes (blocks/blocked-words.ts). */
function screen(input: ScreenInput, policy: ScreenPolicy) {
  return withBlockedLookalikes(screenComment(input, policy), input, policy.blockedWords);
}

/** Writes of readers: post, edit, delete. Every change to what a page shows bumps its thread in one transaction. */
export function createCommentService(deps: CommentDeps) {
  const { db, config, clock } = deps;
  const render = (md: string) => renderMarkdown(md, { allowedImageOrigins: config.IMAGE_ORIGINS });
  const editableUntil = (row: CommentRow) => new Date(Date.parse(row.created_at) + config.EDIT_WINDOW);
  const publishPolicy = createPublishPolicy(deps);

  async function create(input: NewComment, client: { hash: string; overSoftLimit: boolean }, locale: Locale = "en") {
    if (input.parentId) {
      const parent = await findComment(db, input.parentId);
      if (!parent || parent.uri !== input.uri || parent.status !== "approved" || parent.deleted_at !== null) {
        throw invalidField("parentId", "must be an approved comment on the same page");
      }
    }
    const checks = await publishPolicy.prepare({
      uri: input.uri,
      email: input.author.email ?? null,
      clientHash: client.hash,
    });
    const { html, links } = renderComment(input.body, { allowedImageOrigins: config.IMAGE_ORIGINS });
    const honeypot = typeof input.homepage === "string" ? input.homepage : input.homepage ? "filled" : null;
    const screened = screen(
      {
        body: input.body,
        authorName: input.author.name,
        website: input.author.website ?? null,
        honeypot,
        linkCount: links,
        overSoftRateLimit: client.overSoftLimit,
      },
      checks.screen,
    );
    const { status, flags, reason } = await publishPolicy.decide({
      email: input.author.email ?? null,
      clientHash: client.hash,
      flags: screened.flags,
      blocked: checks.blocked,
    });
    const editToken = newToken();
    const now = clock.now().toISOString();
    const row: CommentRow = {
      id: newId(clock.now().getTime()),
      uri: input.uri,
      parent_id: input.parentId ?? null,
      status,
      author_name: input.author.name,
      author_email: input.author.email ?? null,
      author_website: input.author.website ?? null,
      is_moderator: 0,
      body: input.body,
      html,
      flags: flags.join(","),
      flag_details: JSON.stringify(screened.details),
      notify_replies: input.notifyReplies && input.author.email ? 1 : 0,
      client_hash: client.hash,
      edit_token_hash: hashToken(editToken),
      created_at: now,
      edited_at: null,
      deleted_at: null,
      moderated_at: null,
      pinned_at: null,
    };
    // The comment and the emails it causes are written together or not at all.
    await groupCommit(db, async (trx) => {
      await insertComment(trx, row);
      if (status === "spam") return; // a bot gets no email sent anywhere on its behalf
      if (input.pageTitle) await savePageTitle(trx, row.uri, input.pageTitle, now);
      await deps.webhooks.commentCreated(trx, row, reason);
      if (status === "approved") {
        await threadGainedComment(trx, row, now);
        await deps.notifier.published(trx, row);
      } else {
        await deps.notifier.held(trx, row);
      }
      await deps.notifier.notifyRequested(trx, row, locale);
    });
    // The helpline is shown when the screen heard a statement of risk, and when it finds one likely without holding
    // the comment for it (screen.ts `helpline`).
    const notice: Notice | undefined = screened.helpline
      ? {
          kind: "crisis",
          ...crisisIn(config, locale),
        }
      : undefined;
    // A honeypot hit or a blocked author is answered exactly like an ordinary held comment.
    return {
      comment: { ...toCommentView(row), status: status === "approved" ? ("approved" as const) : ("pending" as const) },
      editToken,
      editableUntil: editableUntil(row).toISOString(),
      ...(notice ? { notice } : {}),
      row,
      /**
       * What the request's log line says of the comment (one line per post: the event line this used to write
       * beside the request line said the same, without the request's id).
       */
      logged: {
        event: status === "approved" ? "comment.published" : "comment.held",
        comment: { id: row.id, uri: row.uri, status, flags, reason },
      },
    };
  }

  async function authorize(id: string, token: string | null): Promise<CommentRow> {
    const row = await findComment(db, id);
    if (!row || row.deleted_at !== null) throw new CommentNotFound(id);
    if (!token || !row.edit_token_hash || !tokenMatches(token, row.edit_token_hash)) throw new EditTokenRejected();
    if (clock.now() > editableUntil(row)) throw new EditWindowClosed();
    return row;
  }

  /**
   * An edit is screened like a new comment (the block lists included), except for the soft rate limit: `rate` is
   * for comments posted in a burst, and an author fixing typos edits in one. A comment not yet
   * published takes the new text at once, still waiting. A published one: under MODERATION=flagged a clean edit is
   * published and one that trips a flag sends the comment back to the queue (the contract); under MODERATION=all
   * the edit is published only where a new comment would be (a trusted commenter, nothing flagged), else the
   * published text stays up and the edit waits as a revision flagged `edited` for a moderator, who is told.
   */
  async function edit(id: string, token: string | null, body: string) {
    const row = await authorize(id, token);
    const screened = screen(
      {
        body,
        authorName: row.author_name,
        website: row.author_website,
        linkCount: countLinks(body),
        overSoftRateLimit: false,
      },
      await publishPolicy.screenPolicy(),
    );
    const now = clock.now().toISOString();
    const html = render(body);
    const published = row.status === "approved";
    const decision = published
      ? await publishPolicy.decide({
          email: row.author_email,
          clientHash: row.client_hash ?? "",
          flags: screened.flags,
        })
      : null;
    if (published && config.MODERATION === "all" && decision?.status === "pending") {
      return holdEdit(row, body, html, screened, now);
    }
    const status = decision ? decision.status : row.status;
    const flags = [
      ...new Set([...(row.flags ? row.flags.split(",") : []), ...(decision?.flags ?? screened.flags)]),
    ].join(",");
    // The reasons are recomputed for the new text (old offsets point into the old one); reasons that were never
    // words of the body (the rate it was posted at, its links) stay unless the edit raised the flag again.
    const kept = parseFlagDetails(row.flag_details).filter(
      (d) => d.start === null && !screened.details.some((n) => n.flag === d.flag),
    );
    const flag_details = JSON.stringify([...screened.details, ...kept]);
    // Sent back to the queue, a pinned comment loses its pin, as when a moderator takes it down.
    const pinned_at = status === "approved" ? row.pinned_at : null;
    const changes = { body, html, edited_at: now, status, flags, flag_details, pinned_at };
    const updated = { ...row, ...changes };
    await writeTransaction(db, async (trx) => {
      await updateComment(trx, id, changes);
      await dropRevision(trx, id); // a published (or re-held) edit supersedes one still waiting
      if (published) await touchThread(trx, row.uri, now);
      // Held after the edit (still waiting, or sent back): the moderator gets the text as it now reads, and the
      // webhook says so as for a held edit under MODERATION=all. Published at once: the public text changed.
      if (status === "pending") {
        await deps.notifier.held(trx, updated);
        await deps.webhooks.emit(trx, "comment.held", updated, "edit");
      } else if (published) await deps.webhooks.emit(trx, "comment.edited", updated, "edit");
    });
    deps.events.emit("comment.edited", { id, status, flags: screened.flags });
    return { ...toCommentView(updated), status: status === "approved" ? ("approved" as const) : ("pending" as const) };
  }

  /** MODERATION=all: the published text stays; the edit waits apart, and the moderator is told as for a held comment. */
  async function holdEdit(row: CommentRow, body: string, html: string, screened: ScreenResult, now: string) {
    const flags = [...screened.flags, "edited"];
    const revision: RevisionRow = {
      comment_id: row.id,
      body,
      html,
      flags: flags.join(","),
      flag_details: JSON.stringify(screened.details),
      created_at: now,
    };
    // What the moderator's email and the webhook say: the comment as the edit would make it, waiting.
    const asHeld: CommentRow = {
      ...row,
      body,
      html,
      status: "pending",
      flags: revision.flags,
      flag_details: revision.flag_details,
      edited_at: now,
    };
    await writeTransaction(db, async (trx) => {
      await saveRevision(trx, revision);
      await deps.notifier.held(trx, asHeld, `edit:${now}`);
      await deps.webhooks.emit(trx, "comment.held", asHeld, "edit");
    });
    deps.events.emit("comment.edit_held", { id: row.id, flags });
    return {
      ...toCommentView(row),
      status: "approved" as const,
      revision: { status: "pending" as const, html, flags, editedAt: now },
      notice: { kind: "edit_held" as const, text: EDIT_HELD },
    };
  }

  async function remove(id: string, token: string | null) {
    const row = await authorize(id, token);
    await eraseComment(db, row, clock.now().toISOString());
    deps.events.emit("comment.deleted", { id, by: "author" });
  }

  /** What posting `body` would show: the same renderer and rules as create (Markdown, sanitizer, image origins). */
  function preview(body: string): { html: string } {
    return { html: renderComment(body, { allowedImageOrigins: config.IMAGE_ORIGINS }).html };
  }

  return { create, edit, remove, preview };
}
export type CommentService = ReturnType<typeof createCommentService>;

/**
 * Deletes a comment's content and personal data. The row stays as a `[deleted]` stub so its replies keep their
 * place; the thread builder hides a stub with no shown replies. `also` runs in the same transaction (an audit row).
 */
export async function eraseComment(
  db: Kysely<CommentsDb>,
  row: CommentRow,
  now: string,
  also?: (trx: Kysely<CommentsDb>) => Promise<void>,
) {
  await writeTransaction(db, async (trx) => {
    await eraseCommentIn(trx, row, now);
    await also?.(trx);
  });
}

/** eraseComment inside the caller's transaction; `forgetName` also blanks the author's name (a reader's erasure). */
export async function eraseCommentIn(
  trx: Kysely<CommentsDb>,
  row: CommentRow,
  now: string,
  options: { forgetName?: boolean } = {},
) {
  await dropRevision(trx, row.id);
  await updateComment(trx, row.id, {
    ...(options.forgetName ? { author_name: "" } : {}),
    body: "",
    html: "",
    flag_details: "[]", // its offsets pointed into the text that is gone
    author_email: null,
    author_website: null,
    notify_replies: 0,
    client_hash: null,
    edit_token_hash: null,
    deleted_at: row.deleted_at ?? now,
  });
  if (row.status === "approved" && row.deleted_at === null) await touchThread(trx, row.uri, now);
}

/** The crisis message and buttons in the reader's language, as the operator set them (else the default ones). */
function crisisIn(config: CommentsConfig, locale: Locale) {
  const suffix = locale.toUpperCase() as Uppercase<Exclude<Locale, "en">>;
  if (locale === "en") return { text: config.CRISIS_MESSAGE, links: config.CRISIS_LINKS };
  return {
    text: config[`CRISIS_MESSAGE_${suffix}`] ?? config.CRISIS_MESSAGE,
    links: config[`CRISIS_LINKS_${suffix}`] ?? config.CRISIS_LINKS,
  };
}
