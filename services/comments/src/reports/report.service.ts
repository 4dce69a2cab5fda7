import { writeTransaction } from "@parlor/kit/store";
import type { CommentReport } from "@parlor/validation";
import { recordAudit } from "../audit/audit.repository.ts";
import { CommentNotFound } from "../comments/comment.errors.ts";
import { findComment, setStatusIf, touchThread } from "../comments/comment.repository.ts";
import type { CommentDeps } from "../comments/comment.service.ts";
import type { CommentRow } from "../db/schema.ts";
import { countOpenReports, insertReport } from "./report.repository.ts";

/**
 * Readers' reports on published comments. A report is only a signal: the comment stays up until a moderator
 * decides, unless REPORT_HIDE_THRESHOLD open reports send it back to the queue with the `reported` flag.
 */
export function createReportService(
  deps: Pick<CommentDeps, "db" | "config" | "clock" | "events" | "notifier" | "webhooks">,
) {
  const { db, config, clock } = deps;

  async function report(id: string, clientHash: string, input: CommentReport) {
    const row = await findComment(db, id);
    if (row?.status !== "approved" || row.deleted_at !== null) throw new CommentNotFound(id);
    const now = clock.now().toISOString();
    const counted = await insertReport(db, {
      commentId: id,
      clientHash,
      reason: input.reason,
      note: input.note ?? null,
      now,
    });
    // Counted after the report is committed, so of two reports racing past the threshold at least the later one
    // sees both (inside one READ COMMITTED transaction on PostgreSQL, neither would see the other's row).
    const hidden =
      counted &&
      config.REPORT_HIDE_THRESHOLD > 0 &&
      (await countOpenReports(db, id)) >= config.REPORT_HIDE_THRESHOLD &&
      (await hide(row, now));
    const outcome = { counted, hidden };
    if (outcome.counted) deps.events.emit("comment.reported", { id, reason: input.reason, hidden: outcome.hidden });
    return outcome;
  }

  /** Back to the queue with the `reported` flag; conditional on `approved`, so racing reports hide it once. */
  async function hide(row: CommentRow, now: string): Promise<boolean> {
    const flags = [...new Set([...(row.flags ? row.flags.split(",") : []), "reported"])].join(",");
    return writeTransaction(db, async (trx) => {
      if (!(await setStatusIf(trx, row.id, "approved", { status: "pending", flags }))) return false;
      await touchThread(trx, row.uri, now);
      const held = { ...row, status: "pending" as const, flags };
      await deps.notifier.held(trx, held, `reported:${now}`);
      await deps.webhooks.emit(trx, "comment.held", held, "reports");
      await recordAudit(trx, {
        actor: "reader",
        action: "comment.hide",
        subject: row.id,
        uri: row.uri,
        before: "approved",
        after: "pending",
        detail: "REPORT_HIDE_THRESHOLD reached",
        at: clock.now(),
      });
      return true;
    });
  }

  return { report };
}
export type ReportService = ReturnType<typeof createReportService>;
