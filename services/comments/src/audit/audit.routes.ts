import { parseInput, type RequestVars } from "@parlor/kit/http";
import { Cursor, cleanText, PageLimit } from "@parlor/validation";
import { Hono } from "hono";
import { z } from "zod";
import type { AuditLog } from "./audit.service.ts";

export const AUDIT_PATH = "/v1/admin/comments/audit";

const AuditQuery = z.object({
  limit: PageLimit,
  cursor: Cursor.optional(),
  actor: cleanText(z.string().min(1).max(100, "must be at most 100 characters")).optional(),
  subject: cleanText(z.string().min(1).max(2048, "must be at most 2048 characters")).optional(),
});

/** `GET /v1/admin/comments/audit?limit&cursor&actor&subject`: the audit log, newest first (any moderator may read it). */
export function auditRoutes(deps: { audit: AuditLog }) {
  const app = new Hono<{ Variables: RequestVars }>();
  app.get(AUDIT_PATH, async (c) => c.json(await deps.audit.page(parseInput(AuditQuery, c.req.query()))));
  return app;
}
