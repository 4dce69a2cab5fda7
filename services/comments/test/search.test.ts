import { describe, expect, it } from "vitest";
import { createTestApp, postComment, type TestApp } from "./helpers.ts";

const DAY = 86_400_000;

/** Ids of what a search finds, oldest first. */
async function find(t: TestApp, query: string): Promise<string[]> {
  const res = await t.admin("GET", `/v1/admin/comments?${query}`);
  expect(res.status, query).toBe(200);
  return (await res.json()).comments.map((c: { id: string }) => c.id);
}

async function seed(t: TestApp) {
  // The test clock starts at 2026-05-01T12:00Z; one comment a day.
  const post = async (fields: Parameters<typeof postComment>[1]) => {
    const c = await postComment(t, fields);
    t.clock.advance(DAY);
    return c.comment.id;
  };
  return {
    // 2026-05-01
    magnesium: await post({
      uri: "/blog/magnesium",
      name: "Ann Lee",
      email: "ann@clinic.example",
      body: "Magnesium helps me sleep.",
    }),
    // 2026-05-02
    percent: await post({
      uri: "/blog/sleep",
      name: "Bob",
      email: "bob@mail.example",
      body: "I sleep 100% better_now.",
    }),
    // 2026-05-03, held: contact_details
    held: await post({ uri: "/blog/sleep/part-2", name: "Cy", body: "Call 555-123-4567", approve: false }),
    // 2026-05-04
    other: await post({ uri: "/news/update", name: "Dee", email: "dee@clinic.example", body: "Plain words." }),
  };
}

describe("searching the queue and the published comments", () => {
  it("finds by text, author, email, page, flag and date range, alone or together", async () => {
    const t = await createTestApp();
    const ids = await seed(t);
    expect(await find(t, "status=approved&q=MAGNES")).toEqual([ids.magnesium]);
    expect(await find(t, "status=approved&q=clinic.example")).toEqual([ids.magnesium, ids.other]);
    expect(await find(t, "status=approved&author=ann")).toEqual([ids.magnesium]);
    expect(await find(t, "status=approved&email=%40CLINIC.example")).toEqual([ids.magnesium, ids.other]);
    expect(await find(t, "status=approved&uri=/blog/")).toEqual([ids.magnesium, ids.percent]);
    expect(await find(t, "status=pending&uri=/blog/sleep")).toEqual([ids.held]);
    expect(await find(t, "status=pending&flag=contact_details")).toEqual([ids.held]);
    expect(await find(t, "status=approved&flag=contact_details")).toEqual([]);
    expect(await find(t, "status=approved&from=2026-05-02&to=2026-05-04")).toEqual([ids.percent, ids.other]);
    expect(await find(t, "status=approved&to=2026-05-01T13:00:00Z")).toEqual([ids.magnesium]);
    expect(await find(t, "status=approved&email=clinic&from=2026-05-02")).toEqual([ids.other]);
  });

  it("searches for %, _ and \\ as typed, not as wildcards", async () => {
    const t = await createTestApp();
    const ids = await seed(t);
    expect(await find(t, "status=approved&q=100%25")).toEqual([ids.percent]);
    expect(await find(t, "status=approved&q=%25")).toEqual([ids.percent]);
    expect(await find(t, "status=approved&q=better_now")).toEqual([ids.percent]);
    expect(await find(t, "status=approved&q=_")).toEqual([ids.percent]);
    expect(await find(t, "status=approved&q=%5C")).toEqual([]);
    // The escape character itself is searched for as typed ("!" unescaped would find what ends in "%").
    await postComment(t, { body: "Slept better: 100%" });
    expect(await find(t, "status=approved&q=!")).toEqual([]);
    expect(await find(t, "status=approved&q=!%25")).toEqual([]);
    expect(await find(t, "status=approved&author=A_n")).toEqual([]);
  });

  it("pages through search results", async () => {
    const t = await createTestApp();
    const want = [];
    for (let i = 0; i < 5; i++) {
      t.clock.advance(1000);
      want.push((await postComment(t, { body: `needle ${i}` })).comment.id);
      await postComment(t, { body: "hay" });
    }
    const p1 = await (await t.admin("GET", "/v1/admin/comments?status=approved&q=needle&limit=3")).json();
    const p2 = await (
      await t.admin("GET", `/v1/admin/comments?status=approved&q=needle&limit=3&cursor=${p1.nextCursor}`)
    ).json();
    expect([...p1.comments, ...p2.comments].map((c: { id: string }) => c.id)).toEqual(want);
    expect(p2.nextCursor).toBeNull();
  });

  it("refuses bad filters with a 400 naming each", async () => {
    const t = await createTestApp();
    const res = await t.admin("GET", "/v1/admin/comments?status=approved&from=yesterday&to=2026-13-45&flag=Bad%20Flag");
    expect(res.status).toBe(400);
    expect((await res.json()).errors.map((e: { path: string }) => e.path).sort()).toEqual(["flag", "from", "to"]);
  });
});
