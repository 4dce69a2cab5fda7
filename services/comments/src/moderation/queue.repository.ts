import { type Expression, type ExpressionBuilder, type Kysely, type SqlBool, sql } from "kysely";
import type { CommentRow, CommentsDb } from "../db/schema.ts";

type Db = Kysely<CommentsDb>;

export interface QueueSearch {
  /** A status, or `reported`: comments with open reader reports, whatever their status. */
  status: CommentRow["status"] | "reported";
  /** Text in the body, the author's name or email, or the page. */
  q?: string;
  author?: string;
  email?: string;
  /** Pages whose path starts with this. */
  uri?: string;
  flag?: string;
  /** Written at or after (inclusive), before (exclusive); ISO-8601 UTC, compared as text like they are stored. */
  from?: string;
  to?: string;
  limit: number;
  after?: { createdAt: string; id: string };
}

/** `%`, `_` and `\` match themselves: the moderator's text is searched for as typed (LIKE … ESCAPE '\'). */
export function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, "\\$&");
}

type Eb = ExpressionBuilder<CommentsDb, "comment">;
const COLUMNS = { body: "body", author: "author_name", email: "author_email", uri: "uri" } as const;

/** Case-insensitive LIKE on both engines: lower() on each side (PostgreSQL's LIKE is case-sensitive). */
function like(eb: Eb, column: (typeof COLUMNS)[keyof typeof COLUMNS], pattern: string): Expression<SqlBool> {
  return sql<SqlBool>`lower(${eb.ref(column)}) like ${pattern.toLowerCase()} escape '\\'`;
}

/**
 * The moderation queue and the published comments, searchable: one status (or the reported view), oldest first,
 * keyset-paged. The (status, created_at, id) index orders and narrows; text filters are LIKE over that status.
 */
export async function listQueue(db: Db, query: QueueSearch): Promise<CommentRow[]> {
  let sel = db.selectFrom("comment").selectAll().where("deleted_at", "is", null);
  if (query.status === "reported") {
    sel = sel.where((eb) =>
      eb.exists(
        eb
          .selectFrom("comment_report")
          .select("comment_report.comment_id")
          .whereRef("comment_report.comment_id", "=", "comment.id")
          .where("comment_report.resolved_at", "is", null),
      ),
    );
  } else {
    sel = sel.where("status", "=", query.status);
  }
  const { q } = query;
  if (q) {
    const pattern = `%${likeEscape(q)}%`;
    sel = sel.where((eb) => eb.or(Object.values(COLUMNS).map((col) => like(eb, col, pattern))));
  }
  if (query.author) sel = sel.where((eb) => like(eb, "author_name", `%${likeEscape(query.author as string)}%`));
  if (query.email) sel = sel.where((eb) => like(eb, "author_email", `%${likeEscape(query.email as string)}%`));
  if (query.uri) sel = sel.where((eb) => like(eb, "uri", `${likeEscape(query.uri as string)}%`));
  if (query.flag) {
    // flags is a comma-separated list: look for the whole name between commas.
    const pattern = `%,${likeEscape(query.flag)},%`;
    sel = sel.where(sql<SqlBool>`(',' || ${sql.ref("flags")} || ',') like ${pattern} escape '\\'`);
  }
  if (query.from) sel = sel.where("created_at", ">=", query.from);
  if (query.to) sel = sel.where("created_at", "<", query.to);
  if (query.after) {
    const { createdAt, id } = query.after;
    sel = sel.where((eb) =>
      eb.or([eb("created_at", ">", createdAt), eb.and([eb("created_at", "=", createdAt), eb("id", ">", id)])]),
    );
  }
  return sel.orderBy("created_at").orderBy("id").limit(query.limit).execute();
}
