import { parseInput, type RequestVars, readBody } from "@parlor/kit/http";
import { actingModerator } from "@parlor/kit/moderators";
import { Hono } from "hono";
import { ThreadRef } from "./thread.schemas.ts";
import type { ThreadClosing } from "./thread-closing.service.ts";

/** Closing and reopening a page's thread: `/v1/admin/comments/threads…`. Existing comments stay; new ones get 409. */
export function threadRoutes(deps: { threadClosing: ThreadClosing }) {
  const app = new Hono<{ Variables: RequestVars }>();

  app.get("/v1/admin/comments/threads", async (c) => {
    const { uri } = parseInput(ThreadRef, c.req.query());
    return c.json(await deps.threadClosing.state(uri));
  });

  for (const action of ["close", "reopen"] as const) {
    app.post(`/v1/admin/comments/threads/${action}`, async (c) => {
      const { uri } = parseInput(ThreadRef, (await readBody(c)).data);
      return c.json(await deps.threadClosing.setClosed(uri, action === "close", actingModerator(c)));
    });
  }
  return app;
}
