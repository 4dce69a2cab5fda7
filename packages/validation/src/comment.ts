import { z } from "zod";
import { DisplayName, Email, Id, MarkdownBody, WebsiteUrl } from "./fields.ts";
import { PageUri } from "./page-uri.ts";
import { optional } from "./text.ts";

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
