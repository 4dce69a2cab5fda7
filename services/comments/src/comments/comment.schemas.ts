import { CommentSort, Cursor, PageLimit, PageUri } from "@parlor/validation";
import { z } from "zod";

export const ThreadQuery = z.object({
  uri: PageUri,
  sort: CommentSort.default("oldest"),
  limit: PageLimit,
  cursor: Cursor.optional(),
});

export const CountsQuery = z.object({
  uri: z
    .array(PageUri, { error: "must be one or more page paths" })
    .min(1, "name at least one uri")
    .max(100, "at most 100 uris at once"),
});

const View: z.ZodType = z.lazy(() =>
  z.object({
    id: z.string(),
    parentId: z.string().nullable(),
    author: z.object({ name: z.string(), website: z.string().nullable(), isModerator: z.boolean() }),
    html: z.string(),
    createdAt: z.string(),
    editedAt: z.string().nullable(),
    replies: z.array(View),
  }),
);
export const CommentViewSchema = View;

export const ThreadPageSchema = z.object({
  uri: z.string(),
  total: z.number().int(),
  closed: z.boolean().describe("true: the page takes no new comments (a moderator closed it, or AUTO_CLOSE_AFTER)"),
  comments: z.array(View),
  nextCursor: z.string().nullable(),
});

export const CreatedCommentSchema = z.object({
  comment: z.object({ id: z.string(), status: z.enum(["pending", "approved"]) }).passthrough(),
  editToken: z.string(),
  editableUntil: z.string(),
  notice: z
    .object({ kind: z.string(), text: z.string(), links: z.array(z.object({ label: z.string(), href: z.string() })) })
    .optional(),
});
