import { z } from "zod";

// What the API answers, written once: the services build these, their OpenAPI documents describe them, and the
// widget and the consoles read them (as types only, so no zod reaches the browser bundles).

/** The contract's Comment: the public view of one comment and its replies, as `GET /v1/comments` returns it. */
export interface CommentView {
  id: string;
  parentId: string | null;
  author: { name: string; website: string | null; isModerator: boolean };
  html: string;
  createdAt: string;
  editedAt: string | null;
  /** Present (true) on a pinned comment: its thread leads the first page. */
  pinned?: true;
  replies: CommentView[];
}
export const CommentView: z.ZodType<CommentView> = z
  .lazy(() =>
    z.object({
      id: z.string(),
      parentId: z.string().nullable(),
      author: z.object({ name: z.string(), website: z.string().nullable(), isModerator: z.boolean() }),
      html: z.string(),
      createdAt: z.string(),
      editedAt: z.string().nullable(),
      pinned: z
        .literal(true)
        .optional()
        .describe(
          "present on a comment a moderator pinned: its top-level comment leads the first page (in both orders), " +
            "before the others, counted once in `total`, not repeated on later pages",
        ),
      replies: z.array(CommentView),
    }),
  )
  .meta({ id: "Comment" }); // recursive: one component of the OpenAPI documents, its replies `$ref`s to itself

/** One page of a thread: `GET /v1/comments?uri=…`. */
export const ThreadPage = z.object({
  uri: z.string(),
  total: z.number().int(),
  closed: z.boolean().describe("true: the page takes no new comments (a moderator closed it, or AUTO_CLOSE_AFTER)"),
  comments: z.array(CommentView),
  nextCursor: z.string().nullable(),
});
export type ThreadPage = z.infer<typeof ThreadPage>;

/** What a new comment's author is told beside it (e.g. where to find help, for a comment the screen held). */
export const Notice = z.object({
  kind: z.string(),
  text: z.string(),
  links: z.array(z.object({ label: z.string(), href: z.string() })),
});
export type Notice = z.infer<typeof Notice>;

/** `201` of `POST /v1/comments`: the comment, the token that edits it, until when, and a notice if any. */
export const CreatedComment = z.object({
  comment: z.object({ id: z.string(), status: z.enum(["pending", "approved"]) }).passthrough(),
  editToken: z.string(),
  editableUntil: z.string(),
  notice: Notice.optional(),
});
export type CreatedComment = Omit<z.infer<typeof CreatedComment>, "comment"> & {
  comment: CommentView & { status: "pending" | "approved" };
};
