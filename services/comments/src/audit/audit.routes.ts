import { invalidField } from "@parlor/kit";
import { parseInput, type RequestVars } from "@parlor/kit/http";
import { Cursor, cleanText, decodeCursor, encodeCursor, PageLimit } from "@parlor/validation";
import { Hono } from "hono";
import type { Kysely } from "kysely";
import { z } from "zod";
import type { CommentsDb } from "../db/schema.ts";
import { listAudit, toAuditView } from "./audit.repository.ts";

export const AUDIT_PATH = "/v1/admin/comments/audit";

const AuditQuery = z.object({
  limit: PageLimit,
  cursor: Cursor.optional(),
  actor: cleanText(z.string().min(1).max(100, "must be at most 100 characters")).optional(),
  subject: cleanText(z.string().min(1).max(2048, "must be at most 2048 characters")).optional(),
});

/** `GET /v1/admin/comments/audit?limit&cursor&actor&subject`: the audit log, newest first (any moderator may read it). */
export function auditRoutes(deps: { db: Kysely<CommentsDb> }) {
  const app = new Hono<{ Variables: RequestVars }>();
  app.get(AUDIT_PATH, async (c) => {
    const q = parseInput(AuditQuery, c.req.query());
    let before: string | undefined;
    if (q.cursor) {
      const d = decodeCursor(q.cursor) as { i?: unknown } | null;
      if (typeof d?.i !== "string") throw invalidField("cursor", "must be a cursor returned by this API");
      before = d.i;
    }
    const rows = await listAudit(deps.db, { limit: q.limit + 1, before, actor: q.actor, subject: q.subject });
    const page = rows.slice(0, q.limit);
    const last = page.at(-1);
    return c.json({
      entries: page.map(toAuditView),
      nextCursor: rows.length > q.limit && last ? encodeCursor({ i: last.id }) : null,
    });
  });
  return app;
}
