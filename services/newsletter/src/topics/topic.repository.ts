import { preparedWrite } from "@parlor/kit/store";
import type { Kysely, Updateable } from "kysely";
import type { NewsletterDb, TopicRow, TopicTable } from "../db/schema.ts";

type Db = Kysely<NewsletterDb>;

export function allTopics(db: Db): Promise<TopicRow[]> {
  return db.selectFrom("newsletter_topic").selectAll().orderBy("name").orderBy("id").execute();
}

export function findTopic(db: Db, id: string): Promise<TopicRow | undefined> {
  return db.selectFrom("newsletter_topic").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function topicsBySlug(db: Db, slugs: readonly string[]): Promise<TopicRow[]> {
  if (slugs.length === 0) return [];
  return db.selectFrom("newsletter_topic").selectAll().where("slug", "in", slugs).execute();
}

/** Inserts a topic; false when its slug is taken. */
export async function insertTopic(db: Db, row: TopicRow): Promise<boolean> {
  const res = await db
    .insertInto("newsletter_topic")
    .values(row)
    .onConflict((oc) => oc.column("slug").doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function updateTopic(db: Db, id: string, changes: Updateable<TopicTable>) {
  await db.updateTable("newsletter_topic").set(changes).where("id", "=", id).execute();
}

/**
 * Active subscribers per topic: those who chose it, plus those who chose none (they follow every topic).
 * Two grouped reads, whatever the number of topics.
 */
export async function activeFollowers(db: Db): Promise<{ everyTopic: number; byTopic: Map<string, number> }> {
  const chosen = await db
    .selectFrom("newsletter_subscriber_topic as st")
    .innerJoin("subscriber as s", "s.id", "st.subscriber_id")
    .select((eb) => ["st.topic_id", eb.fn.countAll().as("n")])
    .where("s.status", "=", "active")
    .groupBy("st.topic_id")
    .execute();
  const all = await db
    .selectFrom("subscriber as s")
    .select((eb) => eb.fn.countAll().as("n"))
    .where("s.status", "=", "active")
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom("newsletter_subscriber_topic as st")
            .select("st.topic_id")
            .whereRef("st.subscriber_id", "=", "s.id"),
        ),
      ),
    )
    .executeTakeFirstOrThrow();
  return { everyTopic: Number(all.n), byTopic: new Map(chosen.map((r) => [r.topic_id, Number(r.n)])) };
}

/** The slugs of the topics a subscriber chose ([]: they follow every topic). */
export async function subscriberTopicSlugs(db: Db, subscriberId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("newsletter_subscriber_topic as st")
    .innerJoin("newsletter_topic as t", "t.id", "st.topic_id")
    .select("t.slug")
    .where("st.subscriber_id", "=", subscriberId)
    .orderBy("t.slug")
    .execute();
  return rows.map((r) => r.slug);
}

/** The slugs each of these subscribers chose (absent: every topic), for a page of an export. */
export async function topicSlugsOf(db: Db, subscriberIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (subscriberIds.length === 0) return out;
  const rows = await db
    .selectFrom("newsletter_subscriber_topic as st")
    .innerJoin("newsletter_topic as t", "t.id", "st.topic_id")
    .select(["st.subscriber_id", "t.slug"])
    .where("st.subscriber_id", "in", subscriberIds)
    .orderBy("t.slug")
    .execute();
  for (const r of rows) out.set(r.subscriber_id, [...(out.get(r.subscriber_id) ?? []), r.slug]);
  return out;
}

// Every signup runs it (whatever it chose): compiled once (preparedWrite), not per signup.
const dropSubscriberTopics = preparedWrite((db: Db, subscriberId: string) =>
  db.deleteFrom("newsletter_subscriber_topic").where("subscriber_id", "=", subscriberId),
);

/**
 * Replaces the topics a subscriber chose ([]: every topic). The same statements run whoever it is for (a signup
 * passes "" for an address whose topics must stay as they are: they match no row), so a signup's statements
 * never tell whether the address was known.
 */
export async function setSubscriberTopics(db: Db, subscriberId: string, topicIds: readonly string[]) {
  await dropSubscriberTopics(db, subscriberId);
  if (topicIds.length === 0) return;
  await db
    .insertInto("newsletter_subscriber_topic")
    .columns(["subscriber_id", "topic_id"])
    .expression((eb) =>
      eb
        .selectFrom(["subscriber as s", "newsletter_topic as t"])
        .select(["s.id", "t.id as topic_id"])
        .where("s.id", "=", subscriberId)
        .where("t.id", "in", topicIds),
    )
    .execute();
}

/** Adds chosen topics for many subscribers in one statement (an import's chunk). */
export async function addSubscriberTopics(db: Db, rows: readonly { subscriber_id: string; topic_id: string }[]) {
  if (rows.length === 0) return;
  await db.insertInto("newsletter_subscriber_topic").values(rows).execute();
}

/** Replaces the topics an issue goes to ([]: every active subscriber). */
export async function setIssueTopics(db: Db, issueId: string, topicIds: readonly string[]) {
  await db.deleteFrom("newsletter_issue_topic").where("issue_id", "=", issueId).execute();
  if (topicIds.length === 0) return;
  await db
    .insertInto("newsletter_issue_topic")
    .values(topicIds.map((topic_id) => ({ issue_id: issueId, topic_id })))
    .execute();
}

/** The topics an issue goes to, by id and slug ([]: every active subscriber). */
export function issueTopics(db: Db, issueId: string): Promise<{ id: string; slug: string }[]> {
  return db
    .selectFrom("newsletter_issue_topic as it")
    .innerJoin("newsletter_topic as t", "t.id", "it.topic_id")
    .select(["t.id", "t.slug"])
    .where("it.issue_id", "=", issueId)
    .orderBy("t.slug")
    .execute();
}

/**
 * The next `limit` recipients of an issue after subscriber id `after`, in id order: active subscribers, and when
 * the issue goes to topics, only those who follow one of them (chose one, or chose none: every topic). Each
 * subscriber is one row however many of the topics they follow: the topics are tested with EXISTS, never joined.
 */
export function recipientsAfter(db: Db, after: string, limit: number, topicIds: readonly string[]) {
  let q = db
    .selectFrom("subscriber as s")
    .select(["s.id", "s.email"])
    .where("s.status", "=", "active")
    .where("s.id", ">", after);
  if (topicIds.length > 0) {
    q = q.where((eb) =>
      eb.or([
        eb.not(
          eb.exists(
            eb
              .selectFrom("newsletter_subscriber_topic as st")
              .select("st.topic_id")
              .whereRef("st.subscriber_id", "=", "s.id"),
          ),
        ),
        eb.exists(
          eb
            .selectFrom("newsletter_subscriber_topic as st")
            .select("st.topic_id")
            .whereRef("st.subscriber_id", "=", "s.id")
            .where("st.topic_id", "in", topicIds),
        ),
      ]),
    );
  }
  return q.orderBy("s.id").limit(limit).execute();
}
