import { createRoute } from "@hono/zod-openapi";
import { addRoute, badInputResponse, needsAdminResponse, routes } from "@parlor/kit/http";
import { actingModerator } from "@parlor/kit/moderators";
import { z } from "zod";
import { ThreadRef } from "./thread.schemas.ts";
import type { ThreadClosing } from "./thread-closing.service.ts";

const ThreadStateSchema = z.object({
  uri: z.string(),
  closed: z.boolean(),
  reason: z
    .enum(["moderator", "auto"])
    .nullable()
    .describe("why it is closed: a moderator closed it, or AUTO_CLOSE_AFTER passed; null while open"),
  autoClosesAt: z.string().nullable().describe("when AUTO_CLOSE_AFTER closes (or closed) it; null when it never will"),
});
const answers = {
  200: { description: "the thread's state", content: { "application/json": { schema: ThreadStateSchema } } },
  ...badInputResponse,
  ...needsAdminResponse,
};

const threadState = createRoute({
  method: "get",
  path: "/v1/admin/comments/threads",
  operationId: "getThreadState",
  summary: "Whether a page takes new comments, why not, and when AUTO_CLOSE_AFTER closes it.",
  request: { query: ThreadRef },
  responses: answers,
});

const setClosed = (["close", "reopen"] as const).map((action) => ({
  action,
  route: createRoute({
    method: "post",
    path: `/v1/admin/comments/threads/${action}`,
    operationId: `${action}Thread`,
    summary:
      action === "close"
        ? "Close a page's thread: its comments stay, new ones get 409."
        : "Reopen a page's thread (also one AUTO_CLOSE_AFTER closed; the setting then no longer applies to it).",
    request: { body: { required: true, content: { "application/json": { schema: ThreadRef } } } },
    responses: answers,
  }),
}));

/** Closing and reopening a page's thread: `/v1/admin/comments/threads…`. Existing comments stay; new ones get 409. */
export function threadRoutes(deps: { threadClosing: ThreadClosing }) {
  const app = routes();

  addRoute(app, threadState, async (c) => c.json(await deps.threadClosing.state(c.req.valid("query").uri), 200));

  for (const { action, route } of setClosed) {
    addRoute(app, route, async (c) => {
      const { uri } = c.req.valid("json");
      return c.json(await deps.threadClosing.setClosed(uri, action === "close", actingModerator(c)), 200);
    });
  }
  return app;
}
