import type { Kysely } from "kysely";
import type { CommentsDb } from "../db/schema.ts";

type Db = Kysely<CommentsDb>;

export interface ReportSummary {
  /** Open reports: those no moderator has acted on yet. */
  count: number;
  reasons: Record<string, number>;
  /** The readers' own words, newest first (at most 20). */
  notes: string[];
  lastReportedAt: string;
}

/** Records a reader's report; false when that reader had already reported this comment (nothing is counted twice). */
export async function insertReport(
  db: Db,
  report: { commentId: string; clientHash: string; reason: string; note: string | null; now: string },
): Promise<boolean> {
  const row = await db
    .insertInto("comment_report")
    .values({
      comment_id: report.commentId,
      client_hash: report.clientHash,
      reason: report.reason,
      note: report.note,
      created_at: report.now,
      resolved_at: null,
    })
    .onConflict((oc) => oc.columns(["comment_id", "client_hash"]).doNothing())
    .returning("comment_id")
    .executeTakeFirst();
  return row !== undefined;
}

export async function countOpenReports(db: Db, commentId: string): Promise<number> {
  const row = await db
    .selectFrom("comment_report")
    .select((eb) => eb.fn.countAll().as("n"))
    .where("comment_id", "=", commentId)
    .where("resolved_at", "is", null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** A moderator acted: the open reports of these comments are settled (kept, so a reader cannot report twice). */
export async function resolveReports(db: Db, commentIds: string[], now: string): Promise<number> {
  if (commentIds.length === 0) return 0;
  const res = await db
    .updateTable("comment_report")
    .set({ resolved_at: now })
    .where("comment_id", "in", commentIds)
    .where("resolved_at", "is", null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

/** The open reports of a page of comments, by comment id, in one query. */
export async function reportSummaries(db: Db, commentIds: string[]): Promise<Map<string, ReportSummary>> {
  const out = new Map<string, ReportSummary>();
  if (commentIds.length === 0) return out;
  const rows = await db
    .selectFrom("comment_report")
    .select(["comment_id", "reason", "note", "created_at"])
    .where("comment_id", "in", commentIds)
    .where("resolved_at", "is", null)
    .orderBy("created_at", "desc")
    .execute();
  for (const r of rows) {
    let s = out.get(r.comment_id);
    if (!s) {
      s = { count: 0, reasons: {}, notes: [], lastReportedAt: r.created_at };
      out.set(r.comment_id, s);
    }
    s.count++;
    s.reasons[r.reason] = (s.reasons[r.reason] ?? 0) + 1;
    if (r.note && s.notes.length < 20) s.notes.push(r.note);
  }
  return out;
}
