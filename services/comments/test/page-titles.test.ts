import { describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "./helpers.ts";

const post = (t: TestApp, uri: string, pageTitle?: unknown) =>
  t.call("POST", "/v1/comments", { uri, author: { name: "Ann" }, body: "A question about dosing.", pageTitle });
const queue = async (t: TestApp) =>
  (
    (await (await t.admin("GET", "/v1/admin/comments?status=pending")).json()) as {
      comments: { uri: string; pageTitle: string | null }[];
    }
  ).comments.map((c) => [c.uri, c.pageTitle]);

describe("page titles beside held comments", () => {
  it("keeps one title per page, updated when it changes, and shows it in the queue", async () => {
    const t = await createTestApp();
    expect((await post(t, "/blog/magnesium", "  Magnesium and sleep  ")).status).toBe(201);
    expect((await post(t, "/blog/untitled")).status).toBe(201); // optional
    expect(await queue(t)).toEqual([
      ["/blog/magnesium", "Magnesium and sleep"],
      ["/blog/untitled", null],
    ]);
    t.clock.advance(60_000);
    expect((await post(t, "https://blog.example/blog/magnesium/", "Magnesium and sleep, revised")).status).toBe(201);
    expect((await post(t, "/blog/magnesium", "")).status).toBe(201); // an empty title leaves the stored one
    const rows = await t.db.selectFrom("comment_page").selectAll().execute();
    expect(rows.map((r) => [r.uri, r.title])).toEqual([["/blog/magnesium", "Magnesium and sleep, revised"]]);
    expect((await queue(t)).filter(([uri]) => uri === "/blog/magnesium").map(([, title]) => title)).toEqual([
      "Magnesium and sleep, revised",
      "Magnesium and sleep, revised",
      "Magnesium and sleep, revised",
    ]);
  });

  it("refuses a title that is too long, not text or holds control characters, naming pageTitle, storing nothing", async () => {
    const t = await createTestApp();
    for (const bad of ["x".repeat(201), 42, "Sleep\u0000", "Sleep\u202e"]) {
      const res = await post(t, "/blog/magnesium", bad);
      expect(res.status).toBe(400);
      expect((await res.json()).errors.map((e: { path: string }) => e.path)).toEqual(["pageTitle"]);
    }
    expect(await t.db.selectFrom("comment").selectAll().execute()).toEqual([]);
    expect(await t.db.selectFrom("comment_page").selectAll().execute()).toEqual([]);
  });
});
