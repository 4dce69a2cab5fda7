import { parseInput, type RequestVars, readBody } from "@parlor/kit/http";
import { actingModerator } from "@parlor/kit/moderators";
import { BulkModeration, CommentEdit } from "@parlor/validation";
import { Hono } from "hono";
import { commentIdParam } from "../comments/comment.errors.ts";
import { withComment } from "../comments/comment.view.ts";
import type { ModerationService } from "./moderation.service.ts";
import type { PinService } from "./pin.service.ts";
import { EraseAuthor, QueueQuery } from "./queue.schemas.ts";
import type { Queue } from "./queue.service.ts";

/** The moderators' endpoints under `/v1/admin/comments` (the admin guard in app.ts runs first). */
export function moderationRoutes(deps: {
  queue: Queue;
  moderation: ModerationService;
  pins: PinService;
  mailDir?: string;
}) {
  const app = new Hono<{ Variables: RequestVars }>();
  const { moderation } = deps;

  app.get("/v1/admin/comments", async (c) => c.json(await deps.queue.page(parseInput(QueueQuery, c.req.query()))));

  app.get("/v1/admin/comments/counts", async (c) => c.json({ counts: await deps.queue.counts() }));

  for (const decision of ["approve", "reject", "spam"] as const) {
    app.post(`/v1/admin/comments/:id/${decision}`, async (c) => {
      await readBody(c); // empty or {}; anything but JSON is a 415
      return c.json(withComment(await moderation.decide(commentIdParam(c), decision, actingModerator(c))));
    });
  }

  // The console's Approve edit / Reject edit: only the waiting edit of a published comment.
  for (const decision of ["approve", "reject"] as const) {
    app.post(`/v1/admin/comments/:id/${decision}-edit`, async (c) => {
      await readBody(c);
      return c.json(withComment(await moderation.decideEdit(commentIdParam(c), decision, actingModerator(c))));
    });
  }

  for (const action of ["pin", "unpin"] as const) {
    app.post(`/v1/admin/comments/:id/${action}`, async (c) => {
      await readBody(c);
      return c.json(withComment(await deps.pins[action](commentIdParam(c), actingModerator(c))));
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
