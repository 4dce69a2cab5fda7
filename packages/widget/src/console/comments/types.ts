/** The admin API's shapes, as far as the console reads them (services/comments/src/comments/comment.view.ts). */
export type Status = "pending" | "approved" | "rejected" | "spam";
export type View = Status | "reported";

/** Where the screen heard a flag: UTF-16 offsets into `body` (the Markdown as written); null for a reason that is not words of the body (a rate, a block). */
export interface FlagDetail {
  flag: string;
  start: number | null;
  end: number | null;
  rule: string;
}

export interface ParentComment {
  id: string;
  status: Status;
  author: { name: string; isModerator: boolean };
  html: string;
  deleted: boolean;
}

export interface AdminComment {
  id: string;
  parentId: string | null;
  uri: string;
  status: Status;
  author: { name: string; email: string | null; website: string | null; isModerator: boolean };
  html: string;
  body?: string;
  flags: string[];
  flagDetails?: FlagDetail[];
  createdAt: string;
  editedAt: string | null;
  /** Pinned by a moderator: leads its page's thread. */
  pinned?: boolean;
  /** The title of the comment's page, as the widget last sent it. */
  pageTitle?: string | null;
  reports?: { count: number; reasons: Record<string, number>; notes: string[]; lastReportedAt: string };
  parent?: ParentComment | null;
  /** An edit of this published comment waiting for a decision: approve publishes it, reject drops it. */
  revision?: { body: string; html: string; flags: string[]; flagDetails: FlagDetail[]; editedAt: string };
}

export interface QueuePage {
  comments: AdminComment[];
  nextCursor: string | null;
}

export type Counts = Record<View | "crisis", number>;

export interface Block {
  id: string;
  kind: "email" | "domain" | "client" | "word";
  value: string;
  note: string | null;
  createdAt: string;
}

export interface ThreadState {
  uri: string;
  closed: boolean;
  reason?: "moderator" | "auto" | null;
  autoClosesAt?: string | null;
}

export interface AuditEntry {
  at: string;
  actor: string;
  action: string;
  subject: string;
  uri: string | null;
  statusBefore: string | null;
  statusAfter: string | null;
  detail: string | null;
}

export const API = "/v1/admin/comments";

export const FLAGS: Record<string, [string, string]> = {
  crisis: ["crisis", "words of suicide or self-harm: needs a human now"],
  contact_details: ["contact details", "phone, email, address, birth date or record number"],
  link_count: ["links", "more links than the site allows"],
  blocked_word: ["blocked word", "a word on the site's blocked list"],
  honeypot: ["honeypot", "filled in a field only bots can see"],
  rate: ["rate", "posted while over the soft rate limit: many comments in a short time"],
  blocked: ["blocked", "a block list names the author: filed as spam without telling them"],
  reported: ["reported", "readers reported it often enough to hide it until you decide"],
  edited: ["edited", "the author edited a published comment: readers see the text as it was until you approve"],
};

export const REASONS: Record<string, string> = {
  spam: "spam",
  abuse: "harassment or hate",
  misinformation: "harmful or false health information",
  personal_info: "someone's private information",
  other: "something else",
};

/** What the undo window holds: a decision on a comment, or (Reject edit) on its waiting edit only. */
export type Decision = "approve" | "reject" | "spam" | "reject-edit";
