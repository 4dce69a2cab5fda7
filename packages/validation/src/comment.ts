import { z } from "zod";
import { DisplayName, Email, Id, MarkdownBody, PageTitle, WebsiteUrl } from "./fields.ts";
import { PageUri } from "./page-uri.ts";
import { REPORT_REASONS } from "./report-reasons.ts";
import { cleanText, optional } from "./text.ts";

/** `POST /v1/comments`: what a reader sends. `homepage` is the honeypot the widget hides. */
export const NewComment = z.object({
  uri: PageUri,
  parentId: optional(Id),
  author: z.object(
    { name: DisplayName, email: optional(Email), website: optional(WebsiteUrl) },
    { error: "must be an object with a name" },
  ),
  body: MarkdownBody,
  notifyReplies: z.boolean({ error: "must be true or false" }).optional(),
  homepage: z.unknown().optional(),
  /** The page's title as the reader's browser shows it, kept per page for the moderators' queue. */
  pageTitle: optional(PageTitle),
});
export type NewComment = z.infer<typeof NewComment>;

/** `PATCH /v1/comments/:id` and a moderator's reply. */
export const CommentEdit = z.object({ body: MarkdownBody });
export type CommentEdit = z.infer<typeof CommentEdit>;

export const CommentSort = z.enum(["oldest", "newest"], { error: "must be oldest or newest" });
export type CommentSort = z.infer<typeof CommentSort>;

export const CommentStatus = z.enum(["pending", "approved", "rejected", "spam"], {
  error: "must be pending, approved, rejected or spam",
});
export type CommentStatus = z.infer<typeof CommentStatus>;

export const ModerationAction = z.enum(["approve", "reject", "spam", "delete"], {
  error: "must be approve, reject, spam or delete",
});
export type ModerationAction = z.infer<typeof ModerationAction>;

export const BulkModeration = z.object({
  ids: z.array(Id, { error: "must be a list of ids" }).min(1, "must name at least one id").max(500, "at most 500 ids"),
  action: ModerationAction,
});
export type BulkModeration = z.infer<typeof BulkModeration>;

/** Why a reader reports a comment; the widget offers these, with its own labels. */
export const ReportReason = z.enum(REPORT_REASONS, {
  error: "must be spam, abuse, misinformation, personal_info or other",
});
export type ReportReason = z.infer<typeof ReportReason>;

/** `POST /v1/comments/:id/report`: a reader flags a published comment for a moderator. */
export const CommentReport = z.object({
  reason: ReportReason.default("other"),
  note: optional(
    cleanText(z.string({ error: "must be a string" }).trim().max(500, "must be at most 500 characters"), true),
  ),
});
export type CommentReport = z.infer<typeof CommentReport>;
