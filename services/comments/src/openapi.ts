import { buildOpenApi, type RouteDoc } from "@parlor/kit/http";
import {
  BulkModeration,
  CommentEdit,
  CommentView,
  CreatedComment,
  NewComment,
  Problem,
  ThreadPage,
} from "@parlor/validation";
import { z } from "zod";
import { BlockAuthor, NewBlock } from "./blocks/block.schemas.ts";
import { AdminCommentSchema, CountsQuery, ThreadQuery } from "./comments/comment.schemas.ts";
import { EraseAuthor, QueueQuery } from "./moderation/queue.schemas.ts";
import { ThreadRef } from "./moderation/thread.schemas.ts";
import { rightsRoutes } from "./openapi.rights.ts";

const problem = (description: string) => ({ description, schema: Problem });
const bad = { 400: problem("invalid input: `errors` names every bad field") };
const admin = { 401: problem("missing or wrong admin token") };

const routes: RouteDoc[] = [
  {
    method: "get",
    path: "/v1/comments",
    summary: "A page's approved comments, top level paginated, replies nested. ETag/304.",
    query: ThreadQuery,
    responses: {
      200: { description: "the thread", schema: ThreadPage },
      304: { description: "not modified" },
      ...bad,
    },
  },
  {
    method: "post",
    path: "/v1/comments",
    summary: "Post a comment (JSON or an HTML form). Held for moderation unless the policy approves it.",
    body: NewComment,
    responses: {
      201: { description: "created", schema: CreatedComment },
      303: { description: "form post: back to the page" },
      ...bad,
      409: problem("the page's thread is closed: it takes no new comments"),
      413: problem("body too large"),
      415: problem("unsupported content type"),
      429: problem("rate limited"),
    },
  },
  {
    method: "post",
    path: "/v1/comments/preview",
    summary:
      "Render a comment's Markdown as posting it would (same renderer, sanitizer and image rules; the same `html` the " +
      "posted comment gets), storing nothing. Limited per client by PREVIEW_RATE_LIMIT.",
    body: CommentEdit,
    responses: {
      200: { description: "the rendered HTML", schema: z.object({ html: z.string() }) },
      ...bad,
      413: problem("body too large"),
      415: problem("unsupported content type"),
      429: problem("rate limited"),
    },
  },
  {
    method: "get",
    path: "/v1/comments/{id}",
    summary: "One approved comment, its page and the cursor of the page that holds it.",
    responses: {
      200: {
        description: "the comment",
        schema: z.object({ comment: CommentView, uri: z.string(), cursor: z.string() }),
      },
      404: problem("no such approved comment"),
    },
  },
  {
    method: "patch",
    path: "/v1/comments/{id}",
    summary:
      "Edit your comment with its edit token (Bearer) within the edit window. The edit is screened like a new " +
      "comment; under MODERATION=all the edit of a published comment is published only where a new comment would " +
      "be (a trusted commenter, nothing flagged), otherwise the published text stays and the answer carries " +
      "`revision` (`status: pending`, the new `html`, its `flags` with `edited`) and a `notice` (`kind: edit_held`).",
    body: CommentEdit,
    responses: {
      200: { description: "the comment as readers see it now, with `revision` and `notice` when the edit waits" },
      ...bad,
      403: problem("wrong token or window closed"),
      404: problem("no such comment"),
    },
  },
  {
    method: "delete",
    path: "/v1/comments/{id}",
    summary: "Delete your comment with its edit token (Bearer) within the edit window.",
    responses: {
      204: { description: "deleted" },
      403: problem("wrong token or window closed"),
      404: problem("no such comment"),
    },
  },
  {
    method: "get",
    path: "/v1/counts",
    summary: "Approved comment counts for up to 100 pages.",
    query: CountsQuery,
    responses: {
      200: { description: "counts by uri", schema: z.object({ counts: z.record(z.string(), z.number()) }) },
      ...bad,
    },
  },
  {
    method: "get",
    path: "/comments/feed.atom",
    summary: "An Atom feed of the newest 50 approved comments of one page (uri) or of the whole site (no uri).",
    query: z.object({ uri: z.string().optional() }),
    responses: { 200: { description: "application/atom+xml" }, ...bad },
  },
  {
    method: "get",
    path: "/v1/admin/comments",
    summary:
      "The moderation queue or the published comments, oldest first, searchable (q, author, email, uri, flag, from, to); `status=reported` lists comments with open reader reports. In the to-do views (`pending`, `reported`) comments flagged `crisis` come first across all pages. Each comment carries its Markdown `body`; one with open reports carries `reports` (count, reasons, notes); a reply carries `parent` (id, status, author, html; null when that comment is gone).",
    admin: true,
    query: QueueQuery,
    responses: {
      200: {
        description: "a page of the queue",
        schema: z.object({ comments: z.array(AdminCommentSchema), nextCursor: z.string().nullable() }).passthrough(),
      },
      ...admin,
    },
  },
  {
    method: "get",
    path: "/v1/admin/comments/counts",
    summary:
      "How many comments each view holds: `pending`, `approved`, `rejected`, `spam`, `reported` (open reader reports) and `crisis` (pending with the crisis flag). Deleted comments are not counted.",
    admin: true,
    responses: {
      200: {
        description: "the counts",
        schema: z.object({
          counts: z.object({
            pending: z.number().int(),
            approved: z.number().int(),
            rejected: z.number().int(),
            spam: z.number().int(),
            reported: z.number().int(),
            crisis: z.number().int(),
          }),
        }),
      },
      ...admin,
    },
  },
  ...(["approve", "reject", "spam"] as const).map(
    (a): RouteDoc => ({
      method: "post",
      path: `/v1/admin/comments/{id}/${a}`,
      summary: `${a[0].toUpperCase()}${a.slice(1)} a comment (idempotent).`,
      admin: true,
      responses: {
        200: { description: "the updated comment", schema: AdminCommentSchema },
        ...admin,
        404: problem("no such comment"),
      },
    }),
  ),
  ...(["approve", "reject"] as const).map(
    (a): RouteDoc => ({
      method: "post",
      path: `/v1/admin/comments/{id}/${a}-edit`,
      summary: `${a[0].toUpperCase()}${a.slice(1)} only the waiting edit of a published comment: ${a === "approve" ? "publish its text" : "drop it, the published text stays"} (idempotent; without a waiting edit nothing changes).`,
      admin: true,
      responses: {
        200: { description: "the comment as it now is", schema: AdminCommentSchema },
        ...admin,
        404: problem("no such comment"),
      },
    }),
  ),
  {
    method: "post",
    path: "/v1/admin/comments/bulk",
    summary: "Approve, reject, mark spam or delete many comments at once.",
    admin: true,
    body: BulkModeration,
    responses: {
      200: {
        description: "how many changed, and ids not found",
        schema: z.object({ updated: z.number(), missing: z.array(z.string()) }),
      },
      ...bad,
      ...admin,
    },
  },
  {
    method: "post",
    path: "/v1/admin/comments/erase-author",
    summary: "Erase a commenter: their comments become stubs, their reply consent and every email to them are deleted.",
    admin: true,
    body: EraseAuthor,
    responses: {
      200: {
        description: "what was erased",
        schema: z.object({ comments: z.number(), emails: z.number(), files: z.number() }),
      },
      ...bad,
      ...admin,
    },
  },
  {
    method: "delete",
    path: "/v1/admin/comments/{id}",
    summary: "Delete a comment (a stub stays while it has replies).",
    admin: true,
    responses: { 204: { description: "deleted" }, ...admin, 404: problem("no such comment") },
  },
  {
    method: "post",
    path: "/v1/admin/comments/{id}/reply",
    summary: "Reply as the moderator; approved at once.",
    admin: true,
    body: CommentEdit,
    responses: { 201: { description: "the reply" }, ...bad, ...admin, 404: problem("no such comment") },
  },
  {
    method: "post",
    path: "/v1/admin/comments/{id}/pin",
    summary:
      "Pin a published comment: its thread leads the first page of its page's thread in both orders (a pinned reply " +
      "leads with its top-level comment), marked `pinned: true`. At most three per page. Idempotent, audited.",
    admin: true,
    responses: {
      200: { description: "the comment", schema: AdminCommentSchema },
      ...admin,
      404: problem("no such comment"),
      409: problem("not published, or the page already has three pinned comments"),
    },
  },
  {
    method: "post",
    path: "/v1/admin/comments/{id}/unpin",
    summary: "Unpin a comment: it goes back to its place. Idempotent, audited.",
    admin: true,
    responses: {
      200: { description: "the comment", schema: AdminCommentSchema },
      ...admin,
      404: problem("no such comment"),
    },
  },
  ...rightsRoutes,
  {
    method: "post",
    path: "/v1/admin/comments/{id}/dismiss-reports",
    summary:
      "Settle a comment's open reader reports without changing it (any approve, reject, spam or delete settles them too).",
    admin: true,
    responses: {
      200: { description: "how many reports were settled, and the comment" },
      ...admin,
      404: problem("no such comment"),
    },
  },
  {
    method: "get",
    path: "/v1/admin/comments/blocks",
    summary: "The block lists (`?kind=email|domain|client|word` for one).",
    admin: true,
    responses: { 200: { description: "every block" }, ...bad, ...admin },
  },
  {
    method: "post",
    path: "/v1/admin/comments/blocks",
    summary:
      "Block an address, a domain (and its subdomains), a client hash or a word; `commentId` instead of `value` takes it from that comment's author. 201 new, 200 already there.",
    admin: true,
    body: NewBlock,
    responses: { 200: { description: "already blocked" }, 201: { description: "blocked" }, ...bad, ...admin },
  },
  {
    method: "delete",
    path: "/v1/admin/comments/blocks/{id}",
    summary: "Remove a block.",
    admin: true,
    responses: { 204: { description: "removed" }, ...admin, 404: problem("no such block") },
  },
  {
    method: "post",
    path: "/v1/admin/comments/{id}/block",
    summary: "Block this comment's author (by default its address and client) and file the comment as spam.",
    admin: true,
    body: BlockAuthor,
    responses: {
      200: { description: "the blocks and the comment" },
      ...bad,
      ...admin,
      404: problem("no such comment"),
    },
  },
  {
    method: "get",
    path: "/v1/admin/comments/threads",
    summary: "Whether a page takes new comments, why not, and when AUTO_CLOSE_AFTER closes it.",
    admin: true,
    query: ThreadRef,
    responses: { 200: { description: "the thread's state" }, ...bad, ...admin },
  },
  ...(["close", "reopen"] as const).map(
    (a): RouteDoc => ({
      method: "post",
      path: `/v1/admin/comments/threads/${a}`,
      summary:
        a === "close"
          ? "Close a page's thread: its comments stay, new ones get 409."
          : "Reopen a page's thread (also one AUTO_CLOSE_AFTER closed; the setting then no longer applies to it).",
      admin: true,
      body: ThreadRef,
      responses: { 200: { description: "the thread's state" }, ...bad, ...admin },
    }),
  ),
  {
    method: "get",
    path: "/healthz",
    summary: "200 while the store answers, 503 otherwise.",
    responses: { 200: { description: "healthy" }, 503: { description: "store unavailable" } },
  },
  {
    method: "get",
    path: "/metrics",
    summary: "Prometheus metrics.",
    responses: { 200: { description: "text exposition format" } },
  },
];

/** The routes not yet declared with `addRoute` (see docs/contributing.md, "Adding a route"). */
export const openApiDocument = buildOpenApi(
  { title: "Parlor comments", version: "1", description: "The comments service of Parlor." },
  routes,
);
