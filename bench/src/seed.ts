import { newId } from "@parlor/kit";
import Database from "better-sqlite3";
import { ADMIN_TOKEN } from "./stack.ts";

export const THREAD_URI = "/bench/thread";
export const COUNT_URIS = [THREAD_URI, ...Array.from({ length: 19 }, (_, i) => `/bench/page-${i + 1}`)];

async function post(url: string, body: unknown, expect: number) {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${ADMIN_TOKEN}` },
    body: JSON.stringify(body),
  });
  if (res.status !== expect) throw new Error(`POST ${url}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<Record<string, unknown>>;
}

const paragraph =
  "Thank you for writing this up. I have been taking the medication for three months now and the dizziness " +
  "you describe matches what I felt in the first weeks; it went away once I took it **with food**.";

/**
 * Through the public API, as readers would: 50 approved comments on the thread page, 10 of them with 2 replies,
 * and one to three comments on each of 19 other pages (the counts scenario asks for all 20).
 */
export async function seedComments(baseUrl: string) {
  const ids: string[] = [];
  for (let i = 0; i < 50; i++) {
    const created = await post(
      `${baseUrl}/v1/comments`,
      { uri: THREAD_URI, author: { name: `Reader ${i + 1}` }, body: `${paragraph} (${i + 1})` },
      201,
    );
    ids.push((created.comment as { id: string }).id);
  }
  for (const parentId of ids.slice(0, 10)) {
    for (let r = 0; r < 2; r++) {
      await post(
        `${baseUrl}/v1/comments`,
        { uri: THREAD_URI, parentId, author: { name: "Replier" }, body: `Same here, reply ${r + 1}.` },
        201,
      );
    }
  }
  for (const [i, uri] of COUNT_URIS.slice(1).entries()) {
    for (let n = 0; n <= i % 3; n++) {
      await post(`${baseUrl}/v1/comments`, { uri, author: { name: "Reader" }, body: paragraph }, 201);
    }
  }
}

/** `count` active subscribers written straight into the newsletter's SQLite file (an import would do the same). */
export function seedSubscribers(file: string, count: number) {
  const db = new Database(file);
  db.pragma("busy_timeout = 10000");
  const insert = db.prepare(
    `insert into subscriber (id, email, email_key, name, status, source, flags, reason, client_hash,
       confirm_token_hash, confirm_expires_at, created_at, updated_at, confirmed_at, unsubscribed_at)
     values (?, ?, ?, null, 'active', 'bench', '', null, null, null, null, ?, ?, ?, null)`,
  );
  const now = new Date().toISOString();
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const email = `reader-${i}@example.org`;
      insert.run(newId(), email, email, now, now, now);
    }
  })();
  db.close();
}

/**
 * Topics for the seeded subscribers (in id order): `pattern(i)` gives the slugs the i-th one chose ([]: every
 * topic). Returns the addresses of those that follow at least one of `issueTopics` (or every topic).
 */
export function seedTopics(file: string, slugs: string[], pattern: (i: number) => string[], issueTopics: string[]) {
  const db = new Database(file);
  db.pragma("busy_timeout = 10000");
  const now = new Date().toISOString();
  const ids = new Map(slugs.map((slug) => [slug, newId()]));
  const followers: string[] = [];
  db.transaction(() => {
    const topic = db.prepare(
      "insert into newsletter_topic (id, slug, name, description, created_at, updated_at) values (?, ?, ?, null, ?, ?)",
    );
    for (const [slug, id] of ids) topic.run(id, slug, slug, now, now);
    const choose = db.prepare("insert into newsletter_subscriber_topic (subscriber_id, topic_id) values (?, ?)");
    const subscribers = db.prepare("select id, email from subscriber order by id").all() as {
      id: string;
      email: string;
    }[];
    subscribers.forEach((s, i) => {
      const chosen = pattern(i);
      for (const slug of chosen) choose.run(s.id, ids.get(slug));
      if (chosen.length === 0 || chosen.some((slug) => issueTopics.includes(slug))) followers.push(s.email);
    });
  })();
  db.close();
  return followers;
}

/** A new SQLite file holding empty copies of some of a service file's tables: their columns and indexes. */
export function copyTables(from: string, to: string, tables: readonly string[]) {
  const source = new Database(from, { readonly: true });
  const statements = source
    .prepare(
      `select sql from sqlite_master where tbl_name in (${tables.map(() => "?").join(", ")}) and type in ('table', 'index') and sql is not null order by type desc`,
    )
    .all(...tables) as { sql: string }[];
  source.close();
  const target = new Database(to);
  for (const { sql } of statements) target.exec(sql);
  target.close();
}

/** Rows in a service's SQLite file matching `where` (read after the service stopped). */
export function countRows(file: string, sql: string, ...params: unknown[]): number {
  const db = new Database(file);
  try {
    return (db.prepare(sql).get(...params) as { n: number }).n;
  } finally {
    db.close();
  }
}

export { post as postJson };
