import type { CommentView, CreatedComment } from "@parlor/validation";

export type { Notice, ThreadPage } from "@parlor/validation";

/** The contract's Comment, as `GET /v1/comments` returns it; `status` only on the reader's own, just posted. */
export type Comment = CommentView & { status?: "pending" | "approved" };

/** `201` of `POST /v1/comments`. */
export type Created = CreatedComment;

export type Sort = "oldest" | "newest";
