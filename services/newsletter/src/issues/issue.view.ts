import type { IssueRow } from "../db/schema.ts";
import type { Progress } from "./issue.repository.ts";

export function toIssueView(row: IssueRow, progress: Progress, webUrl: string) {
  return {
    id: row.id,
    slug: row.slug,
    subject: row.subject,
    markdown: row.markdown,
    status: row.status,
    scheduledAt: row.scheduled_at,
    startedAt: row.started_at,
    sentAt: row.sent_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    webUrl,
    ...progress,
  };
}
export type IssueView = ReturnType<typeof toIssueView>;
