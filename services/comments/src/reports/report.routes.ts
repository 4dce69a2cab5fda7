import { createRoute } from "@hono/zod-openapi";
import { RateLimited } from "@parlor/kit";
import { addRoute, badInputResponse, problemResponse, type RateLimiter, routes } from "@parlor/kit/http";
import { CommentReport } from "@parlor/validation";
import type { Context } from "hono";
import { z } from "zod";
import { commentIdParam } from "../comments/comment.errors.ts";
import type { ReportService } from "./report.service.ts";

const reportComment = createRoute({
  method: "post",
  path: "/v1/comments/{id}/report",
  operationId: "reportComment",
  summary:
    "Report a published comment to the moderators. One per reader per comment: a repeat gets the same answer and is not counted.",
  request: {
    params: z.object({ id: z.string() }),
    body: { content: { "application/json": { schema: CommentReport } } },
  },
  responses: {
    202: {
      description: "received",
      content: { "application/json": { schema: z.object({ received: z.literal(true) }) } },
    },
    ...badInputResponse,
    404: problemResponse("no such published comment"),
    429: problemResponse("rate limited"),
  },
});

/**
 * `POST /v1/comments/:id/report`: 202 `{ "received": true }` for a first report and for a repeat alike, so a
 * reader (or a script) learns nothing by reporting twice, and a repeat is not counted.
 */
export function reportRoutes(deps: { reports: ReportService; limit: RateLimiter; clientHash: (c: Context) => string }) {
  const app = routes();
  addRoute(app, reportComment, async (c) => {
    const id = commentIdParam(c);
    const input = c.req.valid("json");
    const hash = deps.clientHash(c);
    const verdict = await deps.limit.consume(hash);
    if (!verdict.allowed) throw new RateLimited(verdict.retryAfterSeconds);
    await deps.reports.report(id, hash, input);
    return c.json({ received: true } as const, 202);
  });
  return app;
}
