import { sql } from "kysely";
import { describe, expect, it, vi } from "vitest";
import { createRetention } from "../src/retention/retention.service.ts";
import { retentionFromConfig } from "../src/retention/retention.setup.ts";
import { createTestApp, ENGINE, postComment, storedRow, type TestApp } from "./helpers.ts";

const DAY = 86_400_000;
// The defaults (PURGE_AFTER and CLIENT_HASH_RETENTION are both 30 days) unless a test says otherwise.
const retention = (
  t: TestApp,
  purgeAfterMs = t.config.PURGE_AFTER,
  clientHashRetentionMs = t.config.CLIENT_HASH_RETENTION,
) => createRetention({ db: t.db, clock: t.clock, purgeAfterMs, clientHashRetentionMs });

it.skipIf(ENGINE !== "postgres")(
  "drops expired client counters of every limiter the app counts in (PostgreSQL)",
  async () => {
    const window = { points: 50, windowMs: 1_000 };
    const t = await createTestApp({ RATE_LIMIT: window, SOFT_RATE_LIMIT: window, REPORT_RATE_LIMIT: window });
    const c = await postComment(t, { body: "Reported once." });
    expect((await t.call("POST", `/v1/comments/${c.comment.id}/report`, { reason: "abuse" })).status).toBe(202);
    const rows = async (table: string) =>
      Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(t.db)).rows[0]?.n);
    // The counter tables as the limiters made them, not as the retention job names them.
    const { rows: made } = await sql<{ name: string }>`select table_name as name from information_schema.tables
      where table_schema = current_schema() and table_name like 'comment_rate%'`.execute(t.db);
    const tables = made.map((r) => r.name);
    for (const table of ["comment_rate_limit", "comment_rate_soft", "comment_rate_report"]) {
      expect(await rows(table), table).toBeGreaterThan(0);
    }
    // The counters' one-second windows pass: rate-limiter-flexible reads Date.now(), not the app's clock.
    const later = Date.now() + 2_000;
    const now = vi.spyOn(Date, "now").mockReturnValue(later);
    try {
      await retentionFromConfig({ db: t.db, config: t.config, pool: t.pool, clock: t.clock }).run();
    } finally {
      now.mockRestore();
    }
    for (const table of tables) expect(await rows(table), table).toBe(0);
  },
);

describe("the retention job", () => {
  it("keeps 30 days by default", async () => {
    const t = await createTestApp();
    expect([t.config.PURGE_AFTER, t.config.CLIENT_HASH_RETENTION]).toEqual([30 * DAY, 30 * DAY]);
  });

  it("purges rejected and spam comments decided long ago, keeps the rest, and the audit log keeps that they existed", async () => {
    const t = await createTestApp();
    const spam = await postComment(t, { email: "old@example.com", body: "buy pills", approve: false });
    const rejected = await postComment(t, { body: "rude", approve: false });
    const kept = await postComment(t, { body: "kind words" });
    const held = await postComment(t, { body: "waiting", approve: false });
    await t.admin("POST", `/v1/admin/comments/${spam.comment.id}/spam`);
    await t.admin("POST", `/v1/admin/comments/${rejected.comment.id}/reject`);
    t.clock.advance(20 * DAY);
    const recent = await postComment(t, { body: "recent spam", approve: false });
    await t.admin("POST", `/v1/admin/comments/${recent.comment.id}/spam`);
    t.clock.advance(11 * DAY);

    expect(await retention(t).purge()).toEqual({ deleted: 2, stubbed: 0 });
    expect(await storedRow(t, spam.comment.id)).toBeUndefined();
    expect(await storedRow(t, rejected.comment.id)).toBeUndefined();
    for (const id of [kept.comment.id, held.comment.id, recent.comment.id])
      expect(await storedRow(t, id)).toBeDefined();

    const log = await (await t.admin("GET", `/v1/admin/comments/audit?subject=${spam.comment.id}`)).json();
    expect(log.entries.map((e: { action: string; actor: string }) => [e.actor, e.action])).toEqual([
      ["retention", "comment.purge"],
      ["owner", "comment.spam"],
    ]);
    expect(log.entries[0]).toMatchObject({ uri: "/blog/post", statusBefore: "spam", statusAfter: null });
    const all = JSON.stringify(await t.db.selectFrom("comment_audit").selectAll().execute());
    expect(all).not.toContain("old@example.com");
    expect(all).not.toContain("buy pills");

    // Idempotent: nothing more to do.
    expect(await retention(t).purge()).toEqual({ deleted: 0, stubbed: 0 });
    // 0 keeps everything.
    t.clock.advance(60 * DAY);
    expect(await retention(t, 0).purge()).toEqual({ deleted: 0, stubbed: 0 });
    expect(await storedRow(t, recent.comment.id)).toBeDefined();
  });

  it("keeps a purged comment that has replies as an empty stub, and deletes it once the replies are gone", async () => {
    const t = await createTestApp();
    const parent = await postComment(t, { name: "Pat", body: "parent text" });
    const reply = await postComment(t, { parentId: parent.comment.id, body: "a reply" });
    await t.admin("POST", `/v1/admin/comments/${parent.comment.id}/reject`);
    t.clock.advance(31 * DAY);
    expect(await retention(t).purge()).toEqual({ deleted: 0, stubbed: 1 });
    expect(await storedRow(t, parent.comment.id)).toMatchObject({ body: "", author_name: "", status: "rejected" });
    expect(await retention(t).purge()).toEqual({ deleted: 0, stubbed: 0 });
    await t.admin("POST", `/v1/admin/comments/${reply.comment.id}/spam`);
    t.clock.advance(31 * DAY);
    expect(await retention(t).purge()).toEqual({ deleted: 1, stubbed: 0 }); // the reply; its parent still has it
    expect(await retention(t).purge()).toEqual({ deleted: 1, stubbed: 0 }); // now the parent
    expect(await storedRow(t, parent.comment.id)).toBeUndefined();
  });

  it("drops client-address hashes older than the retention, and only those", async () => {
    const t = await createTestApp();
    const old = await postComment(t);
    t.clock.advance(29 * DAY);
    const young = await postComment(t);
    expect((await storedRow(t, old.comment.id))?.client_hash).toMatch(/^[\w-]{22}$/);
    t.clock.advance(2 * DAY);
    expect(await retention(t).dropClientHashes()).toBe(1);
    expect((await storedRow(t, old.comment.id))?.client_hash).toBeNull();
    expect((await storedRow(t, young.comment.id))?.client_hash).toMatch(/^[\w-]{22}$/);
    expect(await retention(t, 30 * DAY, 0).dropClientHashes()).toBe(0);
    const run = await retention(t).run();
    expect(run).toEqual({ deleted: 0, stubbed: 0, hashesDropped: 0 });
  });
});
