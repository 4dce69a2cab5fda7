import type { ModeratorTable } from "@parlor/kit/moderators";
import { shellTables } from "@parlor/kit/service";
import type { OutboxTable } from "@parlor/outbox";
import type { ColumnType, Generated, Selectable } from "kysely";

export interface CommentTable {
  id: string;
  uri: string;
  parent_id: string | null;
  status: "pending" | "approved" | "rejected" | "spam";
  author_name: string;
  author_email: string | null;
  author_website: string | null;
  is_moderator: number;
  body: string;
  html: string;
  flags: string; // comma-separated screen flags
  /** JSON array of the screen's reasons, { flag, start, end, rule }: UTF-16 offsets into `body` (FlagDetail). */
  flag_details: string;
  notify_replies: number;
  client_hash: string | null;
  edit_token_hash: string | null;
  created_at: string;
  edited_at: string | null;
  deleted_at: string | null;
  moderated_at: string | null;
  /** When a moderator pinned it (0018-add-pins-page-titles); null: not pinned. Inserts may leave it out. */
  pinned_at: ColumnType<string | null, string | null | undefined, string | null>;
}

/** One row per page that ever had an approved comment: its version (for ETags and caches) and visible count. */
export interface CommentThreadTable {
  uri: string;
  version: Generated<number>;
  total: Generated<number>;
  updated_at: string;
  /** 1: closed by a moderator; 0: kept open by a moderator (AUTO_CLOSE_AFTER no longer applies); null: the setting decides. */
  closed: number | null;
  closed_changed_at: string | null;
}

export interface CommentSettingTable {
  key: string;
  value: string;
}

export interface CommentNotifyAddressTable {
  email_key: string; // lower-cased address
  email: string;
  confirmed_at: string | null;
  unsubscribed_at: string | null;
  created_at: string;
  /** The language the address was asked for in (its emails are written in it); null: English. */
  locale: string | null;
}

export interface CommentUsedLinkTable {
  token_hash: string;
  used_at: string;
}

/** One moderation action: anonymised by design (ids, uris, statuses and names of moderators only). */
export interface CommentAuditTable {
  id: string;
  at: string;
  actor: string; // "owner", a moderator's name, "email-link", "reader", "retention"
  action: string;
  subject: string; // a comment id, or a moderator's name for token actions
  uri: string | null;
  status_before: string | null;
  status_after: string | null;
  detail: string | null;
}

export type BlockKind = "email" | "domain" | "client" | "word";

export interface CommentBlockTable {
  id: string;
  kind: BlockKind;
  value: string; // normalised: the mailbox of an address (mailboxKey), a lower-cased domain or word; a client hash as is
  note: string | null;
  created_at: string;
}

export interface CommentReportTable {
  comment_id: string;
  client_hash: string;
  reason: string;
  note: string | null;
  created_at: string;
  resolved_at: string | null;
}

/** An edit of a published comment waiting for a moderator (MODERATION=all); see 0013-add-revisions-mailbox-blocks. */
export interface CommentRevisionTable {
  comment_id: string;
  body: string;
  html: string;
  flags: string; // comma-separated: the screen's flags and always `edited`
  flag_details: string;
  created_at: string;
}

/** A page's title as the widget last sent it, shown to moderators beside its comments (0018-add-pins-page-titles). */
export interface CommentPageTable {
  uri: string;
  title: string;
  updated_at: string;
}

/** Which comment an imported record became (idempotent imports); see 0005-imports-webhooks. */
export interface CommentImportTable {
  source: string;
  source_id: string;
  comment_id: string;
  parent_source_id: string | null;
  imported_at: string;
}

export interface CommentsDb {
  comment: CommentTable;
  comment_thread: CommentThreadTable;
  comment_setting: CommentSettingTable;
  comment_outbox: OutboxTable;
  comment_notify_address: CommentNotifyAddressTable;
  comment_used_link: CommentUsedLinkTable;
  comment_moderator: ModeratorTable;
  comment_audit: CommentAuditTable;
  comment_block: CommentBlockTable;
  comment_report: CommentReportTable;
  comment_import: CommentImportTable;
  comment_webhook_outbox: OutboxTable;
  comment_revision: CommentRevisionTable;
  comment_page: CommentPageTable;
}

export type CommentRow = Selectable<CommentTable>;
export type RevisionRow = Selectable<CommentRevisionTable>;
export const { SETTING_TABLE, OUTBOX_TABLE, MODERATOR_TABLE, WEBHOOK_OUTBOX_TABLE } = shellTables("comment");
