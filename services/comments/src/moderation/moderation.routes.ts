import { createRoute } from "@hono/zod-openapi";
import {
  addRoute,
  badInputResponse,
  jsonContent,
  needsAdminResponse,
  problemResponse,
  readBody,
  routes,
  type ServiceRoute,
} from "@parlor/kit/http";
import { actingModerator } from "@parlor/kit/moderators";
import { BulkModeration, CommentEdit } from "@parlor/validation";
import { z } from "zod";
import { commentIdParam } from "../comments/comment.errors.ts";
import { AdminCommentAnswer, AdminCommentSchema } from "../comments/comment.schemas.ts";
import { withComment } from "../comments/comment.view.ts";
import type { ModerationService } from "./moderation.service.ts";
import type { PinService } from "./pin.service.ts";
import { EraseAuthor, QueueQuery } from "./queue.schemas.ts";
import type { Queue } from "./queue.service.ts";

const IdParam = z.object({ id: z.string() });
const noSuchComment = { 404: problemResponse("no such comment") };
const capital = (s: string) => s[0].toUpperCase() + s.slice(1);

const listQueue = createRoute({
  method: "get",
  path: "/v1/admin/comments",
  operationId: "listAdminComments",
  summary:
    "The moderation queue or the published comments, oldest first, searchable (q, author, email, uri, flag, from, to); `status=reported` lists comments with open reader reports. In the to-do views (`pending`, `reported`) comments flagged `crisis` come first across all pages. Each comment carries its Markdown `body`; one with open reports carries `reports` (count, reasons, notes); a reply carries `parent` (id, status, author, html; null when that comment is gone).",
  request: { query: QueueQuery },
  responses: {
    200: {
      description: "a page of the queue",
      content: jsonContent(z.object({ comments: z.array(AdminCommentSchema), nextCursor: z.string().nullable() })),
    },
    ...badInputResponse,
    ...needsAdminResponse,
  },
});

const Count = z.number().int();
const queueCounts = createRoute({
  method: "get",
  path: "/v1/admin/comments/counts",
  operationId: "countAdminComments",
  summary:
    "How many comments each view holds: `pending`, `approved`, `rejected`, `spam`, `reported` (open reader reports) and `crisis` (pending with the crisis flag). Deleted comments are not counted.",
  responses: {
    200: {
      description: "the counts",
      content: jsonContent(
        z.object({
          counts: z.object({
            pending: Count,
            approved: Count,
            rejected: Count,
            spam: Count,
            reported: Count,
            crisis: Count,
          }),
        }),
      ),
    },
    ...needsAdminResponse,
  },
});

/** An action on one comment with no body (an empty one or `{}`; anything but JSON is a 415). */
const action = (path: string, operationId: string, summary: string, extra: ServiceRoute["responses"] = {}) =>
  createRoute({
    method: "post",
    path,
    operationId,
    summary,
    request: { params: IdParam },
    responses: {
      200: { description: "the comment as it now is", content: jsonContent(AdminCommentAnswer) },
      ...needsAdminResponse,
      ...noSuchComment,
      415: problemResponse("a body that is not JSON"),
      ...extra,
    },
  });

const decisions = (["approve", "reject", "spam"] as const).map((d) => ({
  d,
  route: action(`/v1/admin/comments/{id}/${d}`, `${d}Comment`, `${capital(d)} a comment (idempotent).`),
}));
const editDecisions = (["approve", "reject"] as const).map((d) => ({
  d,
  route: action(
    `/v1/admin/comments/{id}/${d}-edit`,
    `${d}CommentEdit`,
    `${capital(d)} only the waiting edit of a published comment: ${d === "approve" ? "publish its text" : "drop it, the published text stays"} (idempotent; without a waiting edit nothing changes).`,
  ),
}));
const pinActions = [
  {
    a: "pin" as const,
    route: action(
      "/v1/admin/comments/{id}/pin",
      "pinComment",
      "Pin a published comment: its thread leads the first page of its page's thread in both orders (a pinned reply " +
        "leads with its top-level comment), marked `pinned: true`. At most three per page. Idempotent, audited.",
      { 409: problemResponse("not published, or the page already has three pinned comments") },
    ),
  },
  {
    a: "unpin" as const,
    route: action(
      "/v1/admin/comments/{id}/unpin",
      "unpinComment",
      "Unpin a comment: it goes back to its place. Idempotent, audited.",
    ),
  },
];

const dismissReports = createRoute({
  method: "post",
  path: "/v1/admin/comments/{id}/dismiss-reports",
  operationId: "dismissCommentReports",
  summary:
    "Settle a comment's open reader reports without changing it (any approve, reject, spam or delete settles them too).",
  request: { params: IdParam },
  responses: {
    200: {
      description: "how many reports were settled, and the comment",
      content: jsonContent(z.object({ dismissed: Count, comment: AdminCommentSchema })),
    },
    ...needsAdminResponse,
    ...noSuchComment,
    415: problemResponse("a body that is not JSON"),
  },
});

const bulk = createRoute({
  method: "post",
  path: "/v1/admin/comments/bulk",
  operationId: "moderateComments",
  summary: "Approve, reject, mark spam or delete many comments at once.",
  request: { body: { required: true, content: jsonContent(BulkModeration) } },
  responses: {
    200: {
      description: "how many changed, and ids not found",
      content: jsonContent(z.object({ updated: Count, missing: z.array(z.string()) })),
    },
    ...badInputResponse,
    ...needsAdminResponse,
  },
});

const eraseAuthor = createRoute({
  method: "post",
  path: "/v1/admin/comments/erase-author",
  operationId: "eraseCommentAuthor",
  summary: "Erase a commenter: their comments become stubs, their reply consent and every email to them are deleted.",
  request: { body: { required: true, content: jsonContent(EraseAuthor) } },
  responses: {
    200: {
      description: "what was erased",
      content: jsonContent(z.object({ comments: Count, emails: Count, files: Count })),
    },
    ...badInputResponse,
    ...needsAdminResponse,
  },
});

const removeComment = createRoute({
  method: "delete",
  path: "/v1/admin/comments/{id}",
  operationId: "removeComment",
  summary: "Delete a comment (a stub stays while it has replies).",
  request: { params: IdParam },
  responses: { 204: { description: "deleted" }, ...needsAdminResponse, ...noSuchComment },
});

const reply = createRoute({
  method: "post",
  path: "/v1/admin/comments/{id}/reply",
  operationId: "replyAsModerator",
  summary: "Reply as the moderator; approved at once.",
  request: { params: IdParam, body: { required: true, content: jsonContent(CommentEdit) } },
  responses: {
    201: { description: "the reply", content: jsonContent(AdminCommentAnswer) },
    ...badInputResponse,
    ...needsAdminResponse,
    ...noSuchComment,
  },
});

/** The moderators' endpoints under `/v1/admin/comments` (the admin guard in app.ts runs first). */
export function moderationRoutes(deps: {
  queue: Queue;
  moderation: ModerationService;
  pins: PinService;
  mailDir?: string;
}) {
  const app = routes();
  const { moderation } = deps;

  addRoute(app, listQueue, async (c) => c.json(await deps.queue.page(c.req.valid("query")), 200));

  addRoute(app, queueCounts, async (c) => c.json({ counts: await deps.queue.counts() }, 200));

  for (const { d, route } of decisions) {
    addRoute(app, route, async (c) => {
      await readBody(c); // empty or {}; anything but JSON is a 415
      return c.json(withComment(await moderation.decide(commentIdParam(c), d, actingModerator(c))), 200);
    });
  }

  // The console's Approve edit / Reject edit: only the waiting edit of a published comment.
  for (const { d, route } of editDecisions) {
    addRoute(app, route, async (c) => {
      await readBody(c);
      return c.json(withComment(await moderation.decideEdit(commentIdParam(c), d, actingModerator(c))), 200);
    });
  }

  for (const { a, route } of pinActions) {
    addRoute(app, route, async (c) => {
      await readBody(c);
      return c.json(withComment(await deps.pins[a](commentIdParam(c), actingModerator(c))), 200);
    });
  }

  addRoute(app, dismissReports, async (c) => {
    await readBody(c);
    return c.json(await moderation.dismissReports(commentIdParam(c), actingModerator(c)), 200);
  });

  addRoute(app, bulk, async (c) => {
    const input = c.req.valid("json");
    return c.json(await moderation.bulk(input.ids, input.action, actingModerator(c)), 200);
  });

  addRoute(app, eraseAuthor, async (c) => {
    const input = c.req.valid("json");
    return c.json(await moderation.eraseAuthor(input.email, deps.mailDir, actingModerator(c)), 200);
  });

  addRoute(app, removeComment, async (c) => {
    await moderation.remove(commentIdParam(c), actingModerator(c));
    return c.body(null, 204);
  });

  addRoute(app, reply, async (c) => {
    const input = c.req.valid("json");
    return c.json(withComment(await moderation.reply(commentIdParam(c), input.body, actingModerator(c))), 201);
  });

  return app;
}
