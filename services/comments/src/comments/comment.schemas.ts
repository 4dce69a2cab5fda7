import { CommentSort, Cursor, NewComment, PageLimit, PageUri, quickNewComment } from "@parlor/validation";
import { skeleton } from "@parlor/validation/skeleton";
import { z } from "zod";

/**
 * A new comment, whose author may not take the moderators' name (MODERATOR_NAME, shown on their replies) nor one that
 * reads as it ("M o d e r a t o r", "Mоderator" with a Cyrillic о): compared by their skeletons, so a reader's name
 * in any script is refused only when it looks like that one.
 */
export function newCommentFor(moderatorName: string) {
  const taken = skeleton(moderatorName);
  return NewComment.superRefine((c, ctx) => {
    if (taken !== "" && skeleton(c.author.name) === taken) {
      ctx.addIssue({ code: "custom", path: ["author", "name"], message: "is the moderators' name: choose another" });
    }
  });
}

/**
 * newCommentFor(moderatorName)'s value for a post of the usual shape without zod (quickNewComment, which gives the
 * schema's own value or nothing), the moderators' name refused the same way; anything else asks the schema. What a
 * comment post's fast lane checks its body with.
 */
export function quickNewCommentFor(moderatorName: string) {
  const taken = skeleton(moderatorName);
  const schema = newCommentFor(moderatorName);
  return {
    safeParse(data: unknown): { success: true; data: NewComment } | { success: false } {
      const quick = quickNewComment(data);
      if (quick && !(taken !== "" && skeleton(quick.author.name) === taken)) return { success: true, data: quick };
      return schema.safeParse(data);
    },
  };
}

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

/** One reason the screen gave for a flag (src/screen/screen.ts FlagDetail): which words, where, which rule. */
export const FlagDetailSchema = z.object({
  flag: z.string().describe("the flag this reason belongs to, one of `flags`"),
  start: z
    .number()
    .int()
    .nullable()
    .describe(
      "where the words start in the comment's Markdown body (`body`, not the rendered HTML), in UTF-16 code units: " +
        "a JavaScript string index, so `body.slice(start, end)` is the text; null when the reason is not words of " +
        "the body (too many links, the author's name, the posting rate)",
    ),
  end: z.number().int().nullable().describe("where the words end (exclusive), same units; null with `start`"),
  rule: z
    .string()
    .describe(
      "the screen rule that matched, e.g. `passive_ideation/wish_not_wake`, `mention/suicide_word`, `phone/international`; " +
        "`model:risk` when the learned risk model flagged words no rule explains (the span is their sentence)",
    ),
});

/** What moderators see of a comment: the public view plus status, page, email, flags and their reasons. */
export const AdminCommentSchema = z
  .object({
    id: z.string(),
    parentId: z.string().nullable(),
    author: z.object({
      name: z.string(),
      website: z.string().nullable(),
      isModerator: z.boolean(),
      email: z.string().nullable(),
    }),
    html: z.string(),
    createdAt: z.string(),
    editedAt: z.string().nullable(),
    status: z.enum(["pending", "approved", "rejected", "spam"]),
    uri: z.string(),
    body: z.string().describe("the Markdown as written (empty once deleted): `flagDetails` offsets point into it"),
    flags: z
      .array(z.string())
      .describe("why the screen held it: link_count, contact_details, crisis, blocked_word, honeypot, rate…"),
    flagDetails: z
      .array(FlagDetailSchema)
      .describe(
        "the reasons behind `flags`, recomputed when the author edits; empty for comments held before they were recorded",
      ),
    deleted: z.boolean(),
    pinned: z.boolean().describe("pinned by a moderator: leads its page's thread while published"),
    pageTitle: z
      .string()
      .nullable()
      .optional()
      .describe("in the queue's listings: the page's title as the widget last sent it with a comment (null: never)"),
    revision: z
      .object({
        body: z.string(),
        html: z.string(),
        flags: z.array(z.string()).describe("the screen's flags for the new text, and always `edited`"),
        flagDetails: z.array(FlagDetailSchema).describe("offsets into the revision's `body`"),
        editedAt: z.string(),
      })
      .optional()
      .describe(
        "an edit of this published comment waiting for a moderator (MODERATION=all): approve publishes it, reject " +
          "drops it and the comment stays as it is; such comments are listed under status=pending",
      ),
  })
  .passthrough()
  .meta({ id: "AdminComment" });

/** A moderator's action answers the comment as it now is, and the same again under `comment`. */
export const AdminCommentAnswer = AdminCommentSchema.extend({ comment: AdminCommentSchema });

/** What `PATCH /v1/comments/{id}` answers: the comment as readers see it now, `revision` and `notice` when it waits. */
const EditedView = z
  .object({
    id: z.string(),
    parentId: z.string().nullable(),
    author: z.object({ name: z.string(), website: z.string().nullable(), isModerator: z.boolean() }),
    html: z.string(),
    createdAt: z.string(),
    editedAt: z.string().nullable(),
    status: z.enum(["pending", "approved"]),
    revision: z
      .object({ status: z.literal("pending"), html: z.string(), flags: z.array(z.string()), editedAt: z.string() })
      .optional()
      .describe("the edit waiting for a moderator (MODERATION=all); the published text stays until it is approved"),
    notice: z.object({ kind: z.string(), text: z.string() }).optional(),
  })
  .passthrough();
export const EditedComment = EditedView.extend({ comment: EditedView });
