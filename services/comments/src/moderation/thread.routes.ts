import { parseInput, type RequestVars, readBody } from "@parlor/kit/http";
import { actingModerator } from "@parlor/kit/moderators";
import { writeTransaction } from "@parlor/kit/store";
import { PageUri } from "@parlor/validation";
import { Hono } from "hono";
import type { Kysely } from "kysely";
import { z } from "zod";
import { recordAudit } from "../audit/audit.repository.ts";
import { readThreadState, setThreadClosed } from "../comments/thread-state.ts";
import type { CommentsDb } from "../db/schema.ts";

export const ThreadRef = z.object({ uri: PageUri });

/** Closing and reopening a page's thread: `/v1/admin/comments/threads…`. Existing comments stay; new ones get 409. */
export function threadRoutes(deps: {
  db: Kysely<CommentsDb>;
  clock: { now(): Date };
  autoCloseAfterMs: number;
  events: { emit(event: string, fields: Record<string, unknown>): void };
}) {
  const app = new Hono<{ Variables: RequestVars }>();
  const view = async (uri: string) => ({
    uri,
    ...(await readThreadState(deps.db, uri, deps.autoCloseAfterMs, deps.clock.now())),
  });

  app.get("/v1/admin/comments/threads", async (c) => {
    const { uri } = parseInput(ThreadRef, c.req.query());
    return c.json(await view(uri));
  });

  for (const action of ["close", "reopen"] as const) {
    app.post(`/v1/admin/comments/threads/${action}`, async (c) => {
      const { uri } = parseInput(ThreadRef, (await readBody(c)).data);
      await writeTransaction(deps.db, async (trx) => {
        await setThreadClosed(trx, uri, action === "close", deps.clock.now().toISOString());
        await recordAudit(trx, {
          actor: actingModerator(c),
          action: `thread.${action}`,
          subject: uri,
          uri,
          at: deps.clock.now(),
        });
      });
      deps.events.emit(`thread.${action === "close" ? "closed" : "reopened"}`, { uri });
      return c.json(await view(uri));
    });
  }
  return app;
}
