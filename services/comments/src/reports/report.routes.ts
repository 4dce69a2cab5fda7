import { RateLimited } from "@parlor/kit";
import { parseInput, type RateLimiter, type RequestVars, readBody } from "@parlor/kit/http";
import { CommentReport } from "@parlor/validation";
import { type Context, Hono } from "hono";
import { commentIdParam } from "../comments/comment.errors.ts";
import type { ReportService } from "./report.service.ts";

/**
 * `POST /v1/comments/:id/report`: 202 `{ "received": true }` for a first report and for a repeat alike, so a
 * reader (or a script) learns nothing by reporting twice, and a repeat is not counted.
 */
export function reportRoutes(deps: { reports: ReportService; limit: RateLimiter; clientHash: (c: Context) => string }) {
  const app = new Hono<{ Variables: RequestVars }>();
  app.post("/v1/comments/:id/report", async (c) => {
    const id = commentIdParam(c);
    const input = parseInput(CommentReport, (await readBody(c)).data ?? {});
    const hash = deps.clientHash(c);
    const verdict = await deps.limit.consume(hash);
    if (!verdict.allowed) throw new RateLimited(verdict.retryAfterSeconds);
    await deps.reports.report(id, hash, input);
    return c.json({ received: true }, 202);
  });
  return app;
}
