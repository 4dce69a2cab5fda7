import { InvalidInput, newId } from "@parlor/kit";
import { writeTransaction } from "@parlor/kit/store";
import type { NewTopic, TopicEdit } from "@parlor/validation";
import type { TopicRow } from "../db/schema.ts";
import type { ServiceDeps } from "../deps.ts";
import { TopicNotFound, TopicSlugTaken } from "./topic.errors.ts";
import { activeFollowers, allTopics, findTopic, insertTopic, topicsBySlug, updateTopic } from "./topic.repository.ts";

type Db = ServiceDeps["db"];

/** A topic as the API shows it, with its active followers (those who chose it and those who follow every topic). */
export interface TopicView {
  id: string;
  slug: string;
  name: string;
  description: string | null;
  subscribers: number;
}

/** The ids of the topics named by slug ([] for none); an unknown slug is a 400 naming `topics`. */
export async function topicIdsOf(db: Db, slugs: readonly string[] | undefined): Promise<string[]> {
  if (!slugs || slugs.length === 0) return [];
  const found = await topicsBySlug(db, slugs);
  const unknown = slugs.filter((s) => !found.some((t) => t.slug === s));
  if (unknown.length > 0) {
    throw new InvalidInput(
      [{ path: "topics", message: `must name existing topics; unknown: ${unknown.join(", ")}` }],
      "There is no such topic.",
    );
  }
  return found.map((t) => t.id);
}

/**
 * The topics a subscriber chose, as ids to store: [] stands for every topic (none chosen, or every one ticked:
 * both mean "everything, including topics added later"). An unknown slug is a 400 naming `topics`.
 */
export async function resolveTopics(db: Db, slugs: readonly string[] | undefined): Promise<string[]> {
  const ids = await topicIdsOf(db, slugs);
  if (ids.length === 0) return [];
  return ids.length === (await allTopics(db)).length ? [] : ids;
}

/** The operator's side: define topics, see how many follow each. */
export function createTopicService(deps: ServiceDeps) {
  const { db, clock } = deps;

  async function list(): Promise<{ topics: TopicView[]; everyTopic: number }> {
    const [rows, followers] = await Promise.all([allTopics(db), activeFollowers(db)]);
    return {
      topics: rows.map((t) => view(t, followers.everyTopic + (followers.byTopic.get(t.id) ?? 0))),
      everyTopic: followers.everyTopic,
    };
  }

  async function get(id: string): Promise<TopicView> {
    const { topics } = await list();
    const topic = topics.find((t) => t.id === id);
    if (!topic) throw new TopicNotFound(id);
    return topic;
  }

  async function create(input: NewTopic): Promise<TopicView> {
    const at = clock.now().toISOString();
    const row: TopicRow = {
      id: newId(clock.now().getTime()),
      slug: input.slug,
      name: input.name,
      description: input.description ?? null,
      created_at: at,
      updated_at: at,
    };
    if (!(await writeTransaction(db, (trx) => insertTopic(trx, row)))) throw new TopicSlugTaken(input.slug);
    deps.events.emit("topic.created", { id: row.id, slug: row.slug });
    return get(row.id);
  }

  async function edit(id: string, input: TopicEdit): Promise<TopicView> {
    await writeTransaction(db, async (trx) => {
      const row = await findTopic(trx, id);
      if (!row) throw new TopicNotFound(id);
      await updateTopic(trx, id, {
        name: input.name ?? row.name,
        description: input.description === undefined ? row.description : input.description,
        updated_at: clock.now().toISOString(),
      });
    });
    return get(id);
  }

  /** The id of the topic with this slug, made with `name` first when there is none (FEED_TOPIC's topic). */
  async function ensure(slug: string, name: string): Promise<string> {
    const at = clock.now().toISOString();
    const row: TopicRow = {
      id: newId(clock.now().getTime()),
      slug,
      name,
      description: null,
      created_at: at,
      updated_at: at,
    };
    if (await writeTransaction(db, (trx) => insertTopic(trx, row)))
      deps.events.emit("topic.created", { id: row.id, slug });
    return slug;
  }

  return { list, get, create, edit, ensure };
}
export type TopicService = ReturnType<typeof createTopicService>;

function view(t: TopicRow, subscribers: number): TopicView {
  return { id: t.id, slug: t.slug, name: t.name, description: t.description, subscribers };
}
