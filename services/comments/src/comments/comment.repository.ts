import { preparedQuery, preparedWrite } from "@parlor/kit/store";
import { type Insertable, type Kysely, sql, type Updateable } from "kysely";
import type { CommentRow, CommentsDb, CommentTable } from "../db/schema.ts";
import { buildThread } from "./thread.ts";

type Db = Kysely<CommentsDb>;

export async function findComment(db: Db, id: string): Promise<CommentRow | undefined> {
  return db.selectFrom("comment").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function findComments(db: Db, ids: string[]): Promise<CommentRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom("comment").selectAll().where("id", "in", ids).execute();
}

export async function insertComment(db: Db, row: Insertable<CommentTable>) {
  await insertRow(db, row);
}
// Every post inserts a row of 21 columns: compiled once (preparedQuery), not per post.
const insertRow = preparedQuery((db: Db, row: Insertable<CommentTable>) => db.insertInto("comment").values(row));

export async function updateComment(db: Db, id: string, changes: Updateable<CommentTable>) {
  await db.updateTable("comment").set(changes).where("id", "=", id).execute();
}

/** The newest approved, not deleted comments, of one page or of the whole site (the Atom feed's entries). */
export async function latestApproved(db: Db, q: { uri?: string; limit: number }): Promise<CommentRow[]> {
  let sel = db.selectFrom("comment").selectAll().where("status", "=", "approved").where("deleted_at", "is", null);
  if (q.uri) sel = sel.where("uri", "=", q.uri);
  return sel.orderBy("created_at", "desc").orderBy("id", "desc").limit(q.limit).execute();
}

/** Every approved row of a page (deleted stubs included): the material a thread is built from. */
export async function approvedRowsOf(db: Db, uri: string): Promise<CommentRow[]> {
  return db.selectFrom("comment").selectAll().where("uri", "=", uri).where("status", "=", "approved").execute();
}

/** A page's version (0: never had a comment) and a moderator's close/reopen (null: none), in one lookup. */
export async function threadHead(db: Db, uri: string): Promise<{ version: number; closed: number | null }> {
  const [row] = await headOf(db, uri);
  return { version: row?.version ?? 0, closed: row?.closed ?? null };
}
// Every thread read and 304 asks this first: compiled once (preparedQuery), not per request.
const headOf = preparedQuery((db: Db, uri: string) =>
  db.selectFrom("comment_thread").select(["version", "closed"]).where("uri", "=", uri),
);

export async function threadTotals(db: Db, uris: string[]): Promise<Map<string, number>> {
  if (uris.length === 0) return new Map();
  const rows = await totalsOf(db, uris);
  return new Map(rows.map((r) => [r.uri, r.total]));
}
const totalsOf = preparedQuery((db: Db, uris: string[]) =>
  db.selectFrom("comment_thread").select(["uri", "total"]).where("uri", "in", uris),
);

/**
 * Call inside the transaction of every change that can alter what a page shows: bumps the page's version
 * (readers' ETags and caches go stale) and recounts its visible comments.
 *
 * The version bump comes first: on PostgreSQL it locks the page's row, so a concurrent writer of the same page
 * waits here and then counts rows that include ours (READ COMMITTED sees what committed before each statement).
 */
export async function touchThread(db: Db, uri: string, now: string) {
  await db
    .insertInto("comment_thread")
    .values({ uri, version: 1, total: 0, updated_at: now })
    .onConflict((oc) =>
      oc.column("uri").doUpdateSet((eb) => ({ version: eb("comment_thread.version", "+", 1), updated_at: now })),
    )
    .execute();
  const { total } = buildThread(await approvedRowsOf(db, uri));
  await db.updateTable("comment_thread").set({ total }).where("uri", "=", uri).execute();
}

/**
 * touchThread for a comment just inserted as approved, without recounting the page: the version goes up and the
 * total by one when the comment shows (a top-level comment, or a reply whose every ancestor is approved; deleted
 * stubs still hold their replies' place). Same result as touchThread's recount, in one or two statements instead
 * of reading every row of the page, so a busy page costs no more per post than a quiet one.
 *
 * The ancestors are read after the version bump has locked the page's row (PostgreSQL), so a moderator's change
 * to one of them that commits first is seen here, and one that commits later recounts with this comment in it.
 */
// Every post runs one of these: compiled once (preparedWrite), not per post (building and compiling the upsert
// cost several times what SQLite takes to run it).
const threadUpsert = (topLevel: boolean) =>
  preparedWrite((db: Db, uri: string, now: string) =>
    db
      .insertInto("comment_thread")
      .values({ uri, version: 1, total: topLevel ? 1 : 0, updated_at: now })
      .onConflict((oc) =>
        oc.column("uri").doUpdateSet((eb) => ({
          version: eb("comment_thread.version", "+", 1),
          updated_at: now,
          ...(topLevel ? { total: eb("comment_thread.total", "+", 1) } : {}),
        })),
      ),
  );
const gainedTopLevel = threadUpsert(true);
const gainedReply = threadUpsert(false);

export async function threadGainedComment(db: Db, row: Pick<CommentRow, "uri" | "parent_id">, now: string) {
  // A top-level comment always shows: version and total in one statement.
  if (row.parent_id === null) await gainedTopLevel(db, row.uri, now);
  else await gainedReply(db, row.uri, now);
  if (row.parent_id === null || !(await ancestorsApproved(db, row.parent_id))) return;
  await db
    .updateTable("comment_thread")
    .set((eb) => ({ total: eb("total", "+", 1) }))
    .where("uri", "=", row.uri)
    .execute();
}

/**
 * Whether a reply under `id` shows: the chain from `id` up reaches a top-level comment (a missing parent hides
 * its replies) and every comment on it is approved. One recursive query; `union` stops on a cycle.
 */
async function ancestorsApproved(db: Db, id: string): Promise<boolean> {
  const { rows } = await sql<{ refused: number | string | null; rooted: number | string | null }>`
    with recursive chain (id, parent_id, status) as (
      select id, parent_id, status from comment where id = ${id}
      union
      select c.id, c.parent_id, c.status from comment c join chain on c.id = chain.parent_id
    )
    select sum(case when status <> 'approved' then 1 else 0 end) as refused,
           sum(case when parent_id is null then 1 else 0 end) as rooted
    from chain`.execute(db);
  return Number(rows[0]?.refused ?? 0) === 0 && Number(rows[0]?.rooted ?? 0) > 0;
}

export async function countByStatus(db: Db, status: CommentRow["status"]): Promise<number> {
  const row = await db
    .selectFrom("comment")
    .select((eb) => eb.fn.countAll().as("n"))
    .where("status", "=", status)
    .where("deleted_at", "is", null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** How many published comments of a page are pinned, leaving out `except` (the one being pinned). */
export async function countPins(db: Db, uri: string, except: string): Promise<number> {
  const row = await db
    .selectFrom("comment")
    .select((eb) => eb.fn.countAll().as("n"))
    .where("uri", "=", uri)
    .where("status", "=", "approved")
    .where("deleted_at", "is", null)
    .where("pinned_at", "is not", null)
    .where("id", "<>", except)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * What a new comment's checks read, in one statement: the page's thread row (`thread`: the moderator's close or
 * reopen), with `firstPublished` when its first published comment was written (`first`), every managed blocked
 * word (`word`) and every block naming the author by client, address or domain (its kind).
 */
export async function publishFacts(
  db: Db,
  q: { uri: string; email: string | null; domains: string[]; clientHash: string; firstPublished: boolean },
) {
  const run = q.firstPublished ? factsWithFirst : facts;
  return run(db, q.uri, q.clientHash, q.email === null ? [] : [q.email], q.domains);
}
// Every post asks this first: compiled once per shape (preparedQuery) and, on SQLite, run on the store's handle with
// its statement kept, instead of built, compiled and prepared again on each post through kysely's queue.
const factsQuery = (firstPublished: boolean) =>
  preparedQuery((db: Db, uri: string, clientHash: string, emails: string[], domains: string[]) => {
    const authorBlocks = [
      sql`(kind = 'client' and value = ${clientHash})`,
      ...emails.map((email) => sql`(kind = 'email' and value = ${email})`),
      ...(domains.length ? [sql`(kind = 'domain' and value in (${sql.join(domains)}))`] : []),
    ];
    const query = sql<{ kind: string; value: string | null; closed: number | null }>`
      select 'thread' as kind, null as value, closed from comment_thread where uri = ${uri}
      ${firstPublished ? sql`union all select 'first' as kind, min(created_at) as value, null as closed from comment where uri = ${uri} and status = 'approved'` : sql.raw("")}
      union all
      select kind, value, null as closed from comment_block where kind = 'word' or ${sql.join(authorBlocks, sql` or `)}`;
    return { compile: () => query.compile(db) };
  });
const facts = factsQuery(false);
const factsWithFirst = factsQuery(true);

/** How many of an address's comments are approved and shown, and how many were rejected or marked spam. */
export async function authorRecord(db: Db, emailKey: string) {
  return db
    .selectFrom("comment")
    .select((eb) => [
      eb.fn
        .sum<number | string>(
          eb
            .case()
            .when(eb.and([eb("status", "=", "approved"), eb("deleted_at", "is", null)]))
            .then(1)
            .else(0)
            .end(),
        )
        .as("approved"),
      eb.fn
        .sum<number | string>(eb.case().when("status", "in", ["rejected", "spam"]).then(1).else(0).end())
        .as("refused"),
    ])
    .where((eb) => eb(eb.fn("lower", ["author_email"]), "=", emailKey))
    .executeTakeFirst();
}

/** Every comment an address wrote (compared lower-cased), for erasure and readers' exports. */
export async function commentsByAuthor(db: Db, emailKey: string): Promise<CommentRow[]> {
  return db
    .selectFrom("comment")
    .selectAll()
    .where((eb) => eb(eb.fn("lower", ["author_email"]), "=", emailKey))
    .orderBy("created_at")
    .execute();
}

/** Whether an address wrote any comment (compared lower-cased). */
export async function hasCommented(db: Db, emailKey: string): Promise<boolean> {
  const row = await db
    .selectFrom("comment")
    .select("id")
    .where((eb) => eb(eb.fn("lower", ["author_email"]), "=", emailKey))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Changes a comment only when its status is still `expected`: when two moderators (or two instances) act at once,
 * one wins and the other changes nothing. True when it changed.
 */
export async function setStatusIf(
  db: Db,
  id: string,
  expected: CommentRow["status"],
  changes: Updateable<CommentTable>,
): Promise<boolean> {
  const res = await db
    .updateTable("comment")
    .set(changes)
    .where("id", "=", id)
    .where("status", "=", expected)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/** Rejected and spam comments decided (or, undecided, written) before `before`, by id after `after`. */
export async function refusedBefore(db: Db, before: string, page: { after: string; limit: number }) {
  return db
    .selectFrom("comment")
    .selectAll()
    .where("status", "in", ["rejected", "spam"])
    .where((eb) => eb(eb.fn.coalesce("moderated_at", "created_at"), "<", before))
    .where("id", ">", page.after)
    .orderBy("id")
    .limit(page.limit)
    .execute();
}

/** Which of these comments have replies. */
export async function withReplies(db: Db, ids: string[]): Promise<Set<string | null>> {
  const rows = await db.selectFrom("comment").select("parent_id").where("parent_id", "in", ids).execute();
  return new Set(rows.map((r) => r.parent_id));
}

/** Deletes these comments, re-checking that each is still rejected or spam (one approved since is kept). */
export async function deleteRefused(db: Db, ids: string[]) {
  await db.deleteFrom("comment").where("id", "in", ids).where("status", "in", ["rejected", "spam"]).execute();
}

/** Forgets the client hashes of comments written before `before`; how many it forgot. */
export async function dropClientHashesBefore(db: Db, before: string): Promise<number> {
  const res = await db
    .updateTable("comment")
    .set({ client_hash: null })
    .where("client_hash", "is not", null)
    .where("created_at", "<", before)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}
