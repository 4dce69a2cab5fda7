import { actingModerator, invalidField, parseInput, type RequestVars, readBody } from "@parlor/kit";
import { BulkModeration, CommentEdit, decodeCursor, Email, encodeCursor } from "@parlor/validation";
import { Hono } from "hono";
import type { Kysely } from "kysely";
import { z } from "zod";
import { commentIdParam } from "../comments/comment.errors.ts";
import { toAdminCommentView, withComment } from "../comments/comment.view.ts";
import type { CommentsDb } from "../db/schema.ts";
import { reportSummaries } from "../reports/report.repository.ts";
import type { ModerationService } from "./moderation.service.ts";
import { listQueue } from "./queue.repository.ts";
import { QueueQuery } from "./queue.schemas.ts";

export { QueueQuery };

/** The moderators' endpoints under `/v1/admin/comments` (the admin guard in app.ts runs first). */
export const EraseAuthor = z.object({ email: Email });

export function moderationRoutes(deps: { db: Kysely<CommentsDb>; moderation: ModerationService; mailDir?: string }) {
  const app = new Hono<{ Variables: RequestVars }>();
  const { moderation } = deps;

  app.get("/v1/admin/comments", async (c) => {
    const q = parseInput(QueueQuery, c.req.query());
    let after: { createdAt: string; id: string } | undefined;
    if (q.cursor) {
      const d = decodeCursor(q.cursor) as { t?: unknown; i?: unknown } | null;
      if (typeof d?.t !== "string" || typeof d?.i !== "string")
        throw invalidField("cursor", "must be a cursor returned by this API");
      after = { createdAt: d.t, id: d.i };
    }
    const { cursor: _, limit, ...search } = q;
    const rows = await listQueue(deps.db, { ...search, limit: limit + 1, after });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    // Open reader reports ride along with any comment that has them (one query per page).
    const reports = await reportSummaries(
      deps.db,
      page.map((r) => r.id),
    );
    return c.json({
      comments: page.map((r) => {
        const view = toAdminCommentView(r);
        const summary = reports.get(r.id);
        return summary ? { ...view, reports: summary } : view;
      }),
      nextCursor: rows.length > limit && last ? encodeCursor({ t: last.created_at, i: last.id }) : null,
    });
  });

  for (const decision of ["approve", "reject", "spam"] as const) {
    app.post(`/v1/admin/comments/:id/${decision}`, async (c) => {
      await readBody(c); // empty or {}; anything but JSON is a 415
      return c.json(withComment(await moderation.decide(commentIdParam(c), decision, actingModerator(c))));
    });
  }

  app.post("/v1/admin/comments/:id/dismiss-reports", async (c) => {
    await readBody(c);
    return c.json(await moderation.dismissReports(commentIdParam(c), actingModerator(c)));
  });

  app.post("/v1/admin/comments/bulk", async (c) => {
    const input = parseInput(BulkModeration, (await readBody(c)).data);
    return c.json(await moderation.bulk(input.ids, input.action, actingModerator(c)));
  });

  app.post("/v1/admin/comments/erase-author", async (c) => {
    const input = parseInput(EraseAuthor, (await readBody(c)).data);
    return c.json(await moderation.eraseAuthor(input.email, deps.mailDir, actingModerator(c)));
  });

  app.delete("/v1/admin/comments/:id", async (c) => {
    await moderation.remove(commentIdParam(c), actingModerator(c));
    return c.body(null, 204);
  });

  app.post("/v1/admin/comments/:id/reply", async (c) => {
    const input = parseInput(CommentEdit, (await readBody(c)).data);
    return c.json(withComment(await moderation.reply(commentIdParam(c), input.body, actingModerator(c))), 201);
  });

  return app;
}
