import { likeLiteral, likePattern } from "@parlor/kit/store";
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
  /** `oldest` (the contract's order) or `urgent`: crisis comments first in the to-do views (the consoles ask so). */
  order?: "oldest" | "urgent";
  /** The last row of the previous page; `crisis` is its rank where the view puts crisis comments first. */
  after?: { createdAt: string; id: string; crisis?: boolean };
}

/**
 * Asked for `order=urgent`, the views that are a moderator's to-do list (pending, reported) put comments with the
 * `crisis` flag before every other comment of the view (oldest first among them), whichever page they would
 * otherwise fall on. Otherwise every view is oldest first, as the contract says.
 */
export function crisisFirst(query: Pick<QueueSearch, "status" | "order">): boolean {
  return query.order === "urgent" && (query.status === "pending" || query.status === "reported");
}

type Eb = ExpressionBuilder<CommentsDb, "comment">;

/** `flags` is a comma-separated list: a flag is the whole name between commas. */
function hasFlag(flag: string): Expression<SqlBool> {
  return likePattern(sql`(',' || ${sql.ref("flags")} || ',')`, `%,${likeLiteral(flag)},%`);
}

/** A published comment with an edit waiting for a moderator (MODERATION=all), optionally one with this flag. */
function waitingEdit(flag?: string): Expression<SqlBool> {
  const flagged = flag
    ? sql`and ${likePattern(sql`(',' || comment_revision.flags || ',')`, `%,${likeLiteral(flag)},%`)}`
    : sql``;
  return sql<SqlBool>`(${sql.ref("comment.status")} = 'approved' and exists (select 1 from comment_revision where comment_revision.comment_id = ${sql.ref("comment.id")} ${flagged}))`;
}

/** 0 for a comment with the crisis flag (or a waiting edit with it), 1 for any other: the crisis-first views' first key. */
const crisisRank = sql<number>`case when ${hasFlag("crisis")} or ${waitingEdit("crisis")} then 0 else 1 end`;
const COLUMNS = { body: "body", author: "author_name", email: "author_email", uri: "uri" } as const;

/**
 * Case-insensitive LIKE on both engines: lower() on each side (PostgreSQL's LIKE is case-sensitive). `%`, `_` and
 * `!` in the moderator's text match themselves: it is searched for as typed.
 */
function like(eb: Eb, column: (typeof COLUMNS)[keyof typeof COLUMNS], pattern: string): Expression<SqlBool> {
  return likePattern(sql`lower(${eb.ref(column)})`, pattern.toLowerCase());
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
  } else if (query.status === "pending") {
    // The to-do list: comments waiting, and published ones whose edit waits.
    sel = sel.where((eb) => eb.or([eb("status", "=", "pending"), waitingEdit()]));
  } else {
    sel = sel.where("status", "=", query.status);
  }
  const { q } = query;
  if (q) {
    const pattern = `%${likeLiteral(q)}%`;
    sel = sel.where((eb) => eb.or(Object.values(COLUMNS).map((col) => like(eb, col, pattern))));
  }
  if (query.author) sel = sel.where((eb) => like(eb, "author_name", `%${likeLiteral(query.author as string)}%`));
  if (query.email) sel = sel.where((eb) => like(eb, "author_email", `%${likeLiteral(query.email as string)}%`));
  if (query.uri) sel = sel.where((eb) => like(eb, "uri", `${likeLiteral(query.uri as string)}%`));
  if (query.flag) {
    const flag = query.flag;
    sel = sel.where((eb) => eb.or([hasFlag(flag), waitingEdit(flag)]));
  }
  if (query.from) sel = sel.where("created_at", ">=", query.from);
  if (query.to) sel = sel.where("created_at", "<", query.to);
  const ranked = crisisFirst(query);
  if (query.after) {
    const { createdAt, id } = query.after;
    const later = (eb: Eb) =>
      eb.or([eb("created_at", ">", createdAt), eb.and([eb("created_at", "=", createdAt), eb("id", ">", id)])]);
    if (!ranked) sel = sel.where(later);
    else {
      // (rank, created_at, id) > the cursor's: an old cursor without a rank counts as past the crisis comments.
      const rank = query.after.crisis ? 0 : 1;
      sel = sel.where((eb) => eb.or([eb(crisisRank, ">", rank), eb.and([eb(crisisRank, "=", rank), later(eb)])]));
    }
  }
  // The crisis-first views are short (what waits for a moderator), so ordering by an expression costs little.
  if (ranked) sel = sel.orderBy(crisisRank);
  return sel.orderBy("created_at").orderBy("id").limit(query.limit).execute();
}

export interface QueueCounts {
  pending: number;
  approved: number;
  rejected: number;
  spam: number;
  /** Comments with open reader reports, whatever their status. */
  reported: number;
  /** Pending comments with the `crisis` flag: someone should read them now. */
  crisis: number;
}

/** How many comments each view holds (deleted ones aside), in three small aggregate queries. */
export async function queueCounts(db: Db): Promise<QueueCounts> {
  const counts: QueueCounts = { pending: 0, approved: 0, rejected: 0, spam: 0, reported: 0, crisis: 0 };
  const byStatus = await db
    .selectFrom("comment")
    .select(["status", (eb) => eb.fn.countAll().as("n")])
    .where("deleted_at", "is", null)
    .groupBy("status")
    .execute();
  for (const row of byStatus) counts[row.status] = Number(row.n);
  const edits = await db
    .selectFrom("comment_revision")
    .innerJoin("comment", "comment.id", "comment_revision.comment_id")
    .select([
      (eb) => eb.fn.countAll().as("n"),
      (eb) =>
        eb.fn
          .sum<number | string>(
            sql`case when (',' || comment_revision.flags || ',') like '%,crisis,%' then 1 else 0 end`,
          )
          .as("crisis"),
    ])
    .where("comment.status", "=", "approved")
    .where("comment.deleted_at", "is", null)
    .executeTakeFirst();
  counts.pending += Number(edits?.n ?? 0);
  const reported = await db
    .selectFrom("comment_report")
    .innerJoin("comment", "comment.id", "comment_report.comment_id")
    .select((eb) => eb.fn.count("comment_report.comment_id").distinct().as("n"))
    .where("comment_report.resolved_at", "is", null)
    .where("comment.deleted_at", "is", null)
    .executeTakeFirst();
  counts.reported = Number(reported?.n ?? 0);
  const crisis = await db
    .selectFrom("comment")
    .select((eb) => eb.fn.countAll().as("n"))
    .where("status", "=", "pending")
    .where("deleted_at", "is", null)
    .where(hasFlag("crisis"))
    .executeTakeFirst();
  counts.crisis = Number(crisis?.n ?? 0) + Number(edits?.crisis ?? 0);
  return counts;
}
