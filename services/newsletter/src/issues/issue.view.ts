import type { IssueRow } from "../db/schema.ts";
import type { Progress } from "./issue.repository.ts";

/** An issue as the API shows it; `topics`: the slugs of the topics it goes to ([]: every active subscriber). */
export function toIssueView(row: IssueRow, progress: Progress, webUrl: string, topics: string[] = []) {
  return {
    id: row.id,
    slug: row.slug,
    subject: row.subject,
    markdown: row.markdown,
    topics,
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
