/**
 * Our own export: JSON Lines (one JSON object per line), so both export and import stream. Line 1 is the header;
 * then every comment (all statuses, deleted stubs included) oldest first, then the reply-notification addresses.
 * Threads are listed for readers of the file; an import recomputes them from the comments, and takes from them only
 * whether a moderator closed the page (or kept it open).
 */
export const PARLOR_FORMAT = "parlor-comments";
export const PARLOR_FORMAT_VERSION = 1;

export interface ParlorHeader {
  format: typeof PARLOR_FORMAT;
  version: number;
  exportedAt: string;
}

export interface ParlorCommentLine {
  type: "comment";
  id: string;
  uri: string;
  parentId: string | null;
  status: "pending" | "approved" | "rejected" | "spam";
  author: { name: string; email: string | null; website: string | null; isModerator: boolean };
  /** The Markdown as written; the HTML is rendered again on import, never taken from the file. */
  body: string;
  html: string;
  flags: string[];
  notifyReplies: boolean;
  clientHash: string | null;
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
  moderatedAt: string | null;
}

export interface ParlorThreadLine {
  type: "thread";
  uri: string;
  total: number;
  updatedAt: string;
  /** A moderator's word on the page: true closed, false kept open, null none (the setting decides). */
  closed?: boolean | null;
  closedChangedAt?: string | null;
}

export interface ParlorNotifyAddressLine {
  type: "notifyAddress";
  email: string;
  confirmedAt: string | null;
  unsubscribedAt: string | null;
  createdAt: string;
}

export type ParlorLine = ParlorCommentLine | ParlorThreadLine | ParlorNotifyAddressLine;
