import { join } from "node:path";
import { backupSqlite, openDatabase, restoreSqlite } from "@parlor/kit/store";
import { describe, expect, it } from "vitest";
import type { CommentsDb } from "../src/db/schema.ts";
import { createTestApp, ENGINE, postComment } from "./helpers.ts";

describe.skipIf(ENGINE !== "sqlite")("backing up and restoring the SQLite store", () => {
  it("restores a backup taken while the service was writing, with every comment in it", async () => {
    const t = await createTestApp();
    const ids: string[] = [];
    for (let i = 0; i < 30; i++)
      ids.push((await postComment(t, { body: `before ${i}`, approve: i % 2 === 0 })).comment.id);
    const backup = join(t.dir, "backup", "comments.db");
    const [{ pages }] = await Promise.all([
      backupSqlite(join(t.dir, "comments.db"), backup),
      t.call("GET", "/v1/comments?uri=/blog/post"),
    ]);
    expect(pages).toBeGreaterThan(0);
    await postComment(t, { body: "after the backup" });

    const target = join(t.dir, "restored", "comments.db");
    await restoreSqlite(backup, target);
    const { db } = openDatabase<CommentsDb>(`file:${target}`);
    const rows = await db.selectFrom("comment").select(["id", "body", "status"]).orderBy("id").execute();
    await db.destroy();
    expect(rows.map((r) => r.id)).toEqual(ids);
    expect(rows.filter((r) => r.status === "approved")).toHaveLength(15);
    expect(rows.some((r) => r.body === "after the backup")).toBe(false);
  });

  it("refuses a file that is not a sound SQLite database", async () => {
    const t = await createTestApp();
    const bogus = join(t.dir, "bogus.db");
    await import("node:fs/promises").then((fs) => fs.writeFile(bogus, "not a database"));
    await expect(restoreSqlite(bogus, join(t.dir, "x.db"))).rejects.toThrow();
  });
});
