import { writeTransaction } from "@parlor/kit";
import type { CommentReport } from "@parlor/validation";
import { CommentNotFound } from "../comments/comment.errors.ts";
import { findComment, touchThread } from "../comments/comment.repository.ts";
import type { CommentDeps } from "../comments/comment.service.ts";
import { countOpenReports, insertReport } from "./report.repository.ts";

/**
 * Readers' reports on published comments. A report is only a signal: the comment stays up until a moderator
 * decides, unless REPORT_HIDE_THRESHOLD open reports send it back to the queue with the `reported` flag.
 */
export function createReportService(deps: Pick<CommentDeps, "db" | "config" | "clock" | "events">) {
  const { db, config, clock } = deps;

  async function report(id: string, clientHash: string, input: CommentReport) {
    const row = await findComment(db, id);
    if (row?.status !== "approved" || row.deleted_at !== null) throw new CommentNotFound(id);
    const now = clock.now().toISOString();
    const outcome = await writeTransaction(db, async (trx) => {
      const counted = await insertReport(trx, {
        commentId: id,
        clientHash,
        reason: input.reason,
        note: input.note ?? null,
        now,
      });
      if (!counted || config.REPORT_HIDE_THRESHOLD === 0) return { counted, hidden: false };
      if ((await countOpenReports(trx, id)) < config.REPORT_HIDE_THRESHOLD) return { counted, hidden: false };
      const flags = [...new Set([...(row.flags ? row.flags.split(",") : []), "reported"])].join(",");
      // Conditional on `approved`: two reports crossing the threshold at once hide the comment once.
      const res = await trx
        .updateTable("comment")
        .set({ status: "pending", flags })
        .where("id", "=", id)
        .where("status", "=", "approved")
        .executeTakeFirst();
      const hidden = Number(res.numUpdatedRows) > 0;
      if (hidden) await touchThread(trx, row.uri, now);
      return { counted, hidden };
    });
    if (outcome.counted) deps.events.emit("comment.reported", { id, reason: input.reason, hidden: outcome.hidden });
    return outcome;
  }

  return { report };
}
export type ReportService = ReturnType<typeof createReportService>;
