import type { CommentView } from "@parlor/validation";
import type { CommentRow, RevisionRow } from "../db/schema.ts";
import type { FlagDetail } from "../screen/screen.ts";
import type { ThreadNode } from "./thread.ts";

export type { CommentView };

/** The API's shape of one row; the only place that maps table columns to public fields. */
export function toCommentView(row: CommentRow, replies: CommentView[] = [], pinned = false): CommentView {
  const deleted = row.deleted_at !== null;
  return {
    id: row.id,
    parentId: row.parent_id,
    author: deleted
      ? { name: "[deleted]", website: null, isModerator: false }
      : { name: row.author_name, website: row.author_website, isModerator: row.is_moderator === 1 },
    html: deleted ? "" : row.html,
    createdAt: row.created_at,
    editedAt: deleted ? null : row.edited_at,
    ...(pinned && !deleted ? { pinned: true as const } : {}),
    replies,
  };
}

/**
 * A node and its replies, nested up to `maxDepth` levels below the top; replies deeper than that attach, oldest
 * first, to their ancestor at the deepest allowed level.
 */
export function toNestedView(node: ThreadNode, maxDepth: number, depth = 0): CommentView {
  if (depth < maxDepth)
    return toCommentView(
      node.row,
      node.replies.map((r) => toNestedView(r, maxDepth, depth + 1)),
      node.pinned,
    );
  const flat: ThreadNode[] = [];
  const collect = (n: ThreadNode) => {
    for (const r of n.replies) {
      flat.push(r);
      collect(r);
    }
  };
  collect(node);
  flat.sort((a, b) =>
    a.row.created_at === b.row.created_at
      ? a.row.id < b.row.id
        ? -1
        : 1
      : a.row.created_at < b.row.created_at
        ? -1
        : 1,
  );
  return toCommentView(
    node.row,
    flat.map((r) => toCommentView(r.row, [], r.pinned)),
    node.pinned,
  );
}

export type AdminCommentView = Omit<CommentView, "author" | "replies" | "pinned"> & {
  /** Pinned by a moderator (it leads its page's thread while published). */
  pinned: boolean;
  author: CommentView["author"] & { email: string | null };
  status: CommentRow["status"];
  uri: string;
  /** The Markdown as written: the screen's flag spans are offsets into it. */
  body: string;
  flags: string[];
  /** Why, word by word: offsets are UTF-16 code units into the Markdown body. */
  flagDetails: FlagDetail[];
  deleted: boolean;
  replies: CommentView[];
  /** An edit of this published comment waiting for a moderator (MODERATION=all): approve publishes it, reject drops it. */
  revision?: RevisionView;
};

/** A waiting edit as moderators see it: the new text, why it waits (always `edited`), since when. */
export interface RevisionView {
  body: string;
  html: string;
  flags: string[];
  flagDetails: FlagDetail[];
  editedAt: string;
}

export function toRevisionView(row: RevisionRow): RevisionView {
  return {
    body: row.body,
    html: row.html,
    flags: row.flags ? row.flags.split(",") : [],
    flagDetails: parseFlagDetails(row.flag_details),
    editedAt: row.created_at,
  };
}

/** The stored reasons; a row from before they were recorded, or an unreadable one, has none. */
export function parseFlagDetails(json: string | null | undefined): FlagDetail[] {
  try {
    const parsed: unknown = JSON.parse(json ?? "[]");
    return Array.isArray(parsed) ? (parsed as FlagDetail[]) : [];
  } catch {
    return [];
  }
}

/** What moderators see: the public view plus status, uri, the Markdown, the author's email and why it was held. */
export function toAdminCommentView(row: CommentRow, revision?: RevisionRow): AdminCommentView {
  const view = toCommentView(row);
  return {
    ...(revision && row.deleted_at === null ? { revision: toRevisionView(revision) } : {}),
    ...view,
    author: { ...view.author, email: row.author_email },
    status: row.status,
    uri: row.uri,
    body: row.deleted_at !== null ? "" : row.body,
    flags: row.flags ? row.flags.split(",") : [],
    flagDetails: row.deleted_at !== null ? [] : parseFlagDetails(row.flag_details),
    deleted: row.deleted_at !== null,
    pinned: row.pinned_at != null && row.deleted_at === null,
  };
}

/**
 * "200 with the comment": the comment's fields at the top level, and the same object under `comment` as the
 * create answer has it, so clients of either shape read it.
 */
export function withComment<T extends object>(view: T): T & { comment: T } {
  return { ...view, comment: view };
}
