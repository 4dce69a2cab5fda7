import { CommentStatus, Cursor, cleanText, Email, PageLimit } from "@parlor/validation";
import { z } from "zod";

const Search = (max = 200) => cleanText(z.string().trim().max(max, `must be at most ${max} characters`)).optional();

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A day (`2026-03-01`, UTC) or an ISO-8601 time, as the ISO string comments are stored with. */
const When = (endOfDay: boolean) =>
  z
    .string()
    .trim()
    .refine((s) => (DATE.test(s) || /^\d{4}-\d{2}-\d{2}T/.test(s)) && !Number.isNaN(Date.parse(s)), {
      message: "must be a date (2026-03-01) or an ISO-8601 time",
    })
    // A day given as `to` includes that whole day: the bound becomes the next midnight (exclusive).
    .transform((s) => new Date(Date.parse(s) + (endOfDay && DATE.test(s) ? 86_400_000 : 0)).toISOString())
    .optional();

/** `GET /v1/admin/comments`: one status (or `reported`), searched by any mix of the filters. */
export const QueueQuery = z.object({
  status: z
    .union([CommentStatus, z.literal("reported")], {
      error: "must be pending, approved, rejected, spam or reported",
    })
    .default("pending"),
  q: Search().describe("text in the body, the author's name or email, or the page"),
  author: Search(100).describe("part of the author's name"),
  email: Search(254).describe("part of the author's email (`@example.com` finds a domain)"),
  uri: Search(2048).describe("pages whose path starts with this"),
  flag: z
    .string()
    .regex(/^[a-z_]{1,32}$/, "must be a flag name such as link_count")
    .optional()
    .describe("comments carrying this flag"),
  from: When(false).describe("written on or after this day or time"),
  to: When(true).describe("written before this time, or on or before this day"),
  order: z
    .enum(["oldest", "urgent"], { error: "must be oldest or urgent" })
    .default("oldest")
    .describe(
      "oldest first (the default), or urgent: in the pending and reported views, comments flagged crisis first (oldest first among them), then the rest",
    ),
  limit: PageLimit,
  cursor: Cursor.optional(),
});
export type QueueQuery = z.infer<typeof QueueQuery>;

/** `POST /v1/admin/comments/erase-author`: the address whose comments, notifications and mail are erased. */
export const EraseAuthor = z.object({ email: Email });
