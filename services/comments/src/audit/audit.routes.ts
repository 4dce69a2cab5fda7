import { createRoute } from "@hono/zod-openapi";
import { addRoute, badInputResponse, needsAdminResponse, routes } from "@parlor/kit/http";
import { Cursor, cleanText, PageLimit } from "@parlor/validation";
import { z } from "zod";
import type { AuditLog } from "./audit.service.ts";

export const AUDIT_PATH = "/v1/admin/comments/audit";

const AuditQuery = z.object({
  limit: PageLimit,
  cursor: Cursor.optional(),
  actor: cleanText(z.string().min(1).max(100, "must be at most 100 characters")).optional(),
  subject: cleanText(z.string().min(1).max(2048, "must be at most 2048 characters")).optional(),
});

const AuditEntry = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  subject: z.string(),
  uri: z.string().nullable(),
  statusBefore: z.string().nullable(),
  statusAfter: z.string().nullable(),
  detail: z.string().nullable(),
});

const readAudit = createRoute({
  method: "get",
  path: AUDIT_PATH,
  operationId: "readCommentsAudit",
  summary: "The audit log, newest first: who did what to which comment, status before and after.",
  request: { query: AuditQuery },
  responses: {
    200: {
      description: "entries",
      content: {
        "application/json": { schema: z.object({ entries: z.array(AuditEntry), nextCursor: z.string().nullable() }) },
      },
    },
    ...badInputResponse,
    ...needsAdminResponse,
  },
});

/** `GET /v1/admin/comments/audit?limit&cursor&actor&subject`: the audit log, newest first (any moderator may read it). */
export function auditRoutes(deps: { audit: AuditLog }) {
  const app = routes();
  addRoute(app, readAudit, async (c) => c.json(await deps.audit.page(c.req.valid("query")), 200));
  return app;
}
