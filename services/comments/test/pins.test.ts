import { describe, expect, it } from "vitest";
import { createTestApp, postComment, type TestApp } from "./helpers.ts";

interface View {
  id: string;
  pinned?: true;
  replies: View[];
}
interface Page {
  total: number;
  comments: View[];
  nextCursor: string | null;
}

const page = async (t: TestApp, query: string, headers?: Record<string, string>) =>
  t.call("GET", `/v1/comments?uri=/blog/post&${query}`, undefined, headers);
const read = async (t: TestApp, query: string) => (await (await page(t, query)).json()) as Page;
/** Every top-level id, page after page, and each page's ids. */
async function walk(t: TestApp, sort: "oldest" | "newest", limit: number) {
  const pages: string[][] = [];
  let cursor: string | null = null;
  do {
    const p: Page = await read(t, `sort=${sort}&limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`);
    pages.push(p.comments.map((c) => c.id));
    cursor = p.nextCursor;
  } while (cursor && pages.length < 20);
  return pages;
}

/** Five top-level comments a…e, a minute apart, and one reply under b. */
async function fiveComments(t: TestApp) {
  const ids: string[] = [];
  for (const body of ["a", "b", "c", "d", "e"]) {
    ids.push((await postComment(t, { body: `Comment ${body}.` })).comment.id);
    t.clock.advance(60_000);
  }
  const reply = (await postComment(t, { body: "The physician's answer.", parentId: ids[1] })).comment.id;
  return { ids, reply };
}

describe("pinned comments", () => {
  it("lead the first page in both orders, marked, counted once, never repeated; unpinning restores the order", async () => {
    const t = await createTestApp();
    const { ids, reply } = await fiveComments(t);
    const [a, b, c, d, e] = ids as [string, string, string, string, string];
    const before = await page(t, "sort=oldest&limit=2");
    const etag = before.headers.get("etag") as string;

    const pinned = await t.admin("POST", `/v1/admin/comments/${d}/pin`);
    expect(pinned.status).toBe(200);
    expect(await pinned.json()).toMatchObject({ id: d, pinned: true, status: "approved" });
    // A cached page is stale: the thread changed.
    expect((await page(t, "sort=oldest&limit=2", { "If-None-Match": etag })).status).toBe(200);

    expect(await walk(t, "oldest", 2)).toEqual([[d, a], [b, c], [e]]);
    expect(await walk(t, "newest", 2)).toEqual([[d, e], [c, b], [a]]);
    const first = await read(t, "sort=newest&limit=20");
    expect(first.total).toBe(6); // five comments and the reply: the pinned one counted once
    expect(first.comments.map((x) => x.id)).toEqual([d, e, c, b, a]);
    expect(first.comments.filter((x) => x.pinned).map((x) => x.id)).toEqual([d]);
    expect(first.comments[3]?.replies.map((r) => r.id)).toEqual([reply]);

    // Idempotent: a second pin changes nothing.
    expect((await t.admin("POST", `/v1/admin/comments/${d}/pin`)).status).toBe(200);
    expect((await t.admin("POST", `/v1/admin/comments/${d}/unpin`)).status).toBe(200);
    expect(await walk(t, "oldest", 2)).toEqual([[a, b], [c, d], [e]]);
    expect((await read(t, "limit=20")).comments.some((x) => x.pinned)).toBe(false);

    const log = await (await t.admin("GET", `/v1/admin/comments/audit?subject=${d}`)).json();
    expect(
      (log.entries as { action: string; actor: string; uri: string }[])
        .filter((x) => x.action.includes("pin"))
        .map((x) => [x.action, x.actor, x.uri]),
    ).toEqual([
      ["comment.unpin", "owner", "/blog/post"],
      ["comment.pin", "owner", "/blog/post"],
    ]);
  });

  it("shows a pinned reply with its parent: the parent's thread leads, the reply marked", async () => {
    const t = await createTestApp();
    const { ids, reply } = await fiveComments(t);
    await t.admin("POST", `/v1/admin/comments/${reply}/pin`);
    for (const sort of ["oldest", "newest"] as const) {
      const p = await read(t, `sort=${sort}&limit=2`);
      expect(p.comments[0]).toMatchObject({ id: ids[1], replies: [{ id: reply, pinned: true }] });
      expect(p.comments[0]?.pinned).toBeUndefined();
      expect(p.total).toBe(6);
      expect((await walk(t, sort, 2)).flat().filter((id) => id === ids[1])).toHaveLength(1);
    }
    // The reply's permalink opens the first page, which holds it.
    const link = await (await t.call("GET", `/v1/comments/${reply}`)).json();
    const opened = await read(t, `sort=oldest&limit=1&cursor=${link.cursor}`);
    expect(opened.comments.map((x) => x.id)).toEqual([ids[1]]);
  });

  it("allows three per page: a fourth is a 409 naming the limit; only published comments are pinned", async () => {
    const t = await createTestApp();
    const { ids, reply } = await fiveComments(t);
    for (const id of [ids[4], reply, ids[0]]) {
      expect((await t.admin("POST", `/v1/admin/comments/${id}/pin`)).status).toBe(200);
      t.clock.advance(1000);
    }
    const fourth = await t.admin("POST", `/v1/admin/comments/${ids[2]}/pin`);
    expect(fourth.status).toBe(409);
    expect(fourth.headers.get("content-type")).toContain("application/problem+json");
    expect((await fourth.json()).detail).toMatch(/at most 3 pinned/);
    // In the order they were pinned, then the rest; a limit below the pins pages through them.
    expect(await walk(t, "newest", 2)).toEqual([[ids[4], ids[1]], [ids[0], ids[3]], [ids[2]]]);
    expect(await walk(t, "oldest", 1)).toEqual([[ids[4]], [ids[1]], [ids[0]], [ids[2]], [ids[3]]]);
    // Another page has its own three.
    const other = await postComment(t, { uri: "/blog/other" });
    expect((await t.admin("POST", `/v1/admin/comments/${other.comment.id}/pin`)).status).toBe(200);

    const held = await postComment(t, { approve: false });
    const refused = await t.admin("POST", `/v1/admin/comments/${held.comment.id}/pin`);
    expect(refused.status).toBe(409);
    expect((await t.admin("POST", "/v1/admin/comments/nope/pin")).status).toBe(404);
    expect((await t.call("POST", `/v1/admin/comments/${ids[2]}/pin`)).status).toBe(401);
  });

  it("loses its pin when rejected, marked spam or sent back to the queue: re-approved, it is not a silent fourth pin", async () => {
    const t = await createTestApp({ MODERATION: "flagged" });
    const { ids } = await fiveComments(t);
    const [a, b, c, d, e] = ids as [string, string, string, string, string];
    const edited = await postComment(t, { body: "An answer that will be edited." });
    for (const id of [a, b, edited.comment.id])
      expect((await t.admin("POST", `/v1/admin/comments/${id}/pin`)).status).toBe(200);
    const rejected = await t.admin("POST", `/v1/admin/comments/${a}/reject`);
    expect(await rejected.json()).toMatchObject({ status: "rejected", pinned: false });
    await t.admin("POST", "/v1/admin/comments/bulk", { ids: [b], action: "spam" });
    // A pinned comment whose edit the screen flags goes back to the queue, unpinned.
    const flagged = "Buy here https://pills.example/a https://pills.example/b https://pills.example/c";
    const edit = await t.call(
      "PATCH",
      `/v1/comments/${edited.comment.id}`,
      { body: flagged },
      { Authorization: `Bearer ${edited.editToken}` },
    );
    expect(await edit.json()).toMatchObject({ status: "pending" });
    // Their places are free: three others are pinned, and the three come back unpinned, after them.
    for (const id of [c, d, e]) expect((await t.admin("POST", `/v1/admin/comments/${id}/pin`)).status).toBe(200);
    for (const id of [a, b, edited.comment.id]) {
      expect(await (await t.admin("POST", `/v1/admin/comments/${id}/approve`)).json()).toMatchObject({ pinned: false });
    }
    const shown = await read(t, "sort=oldest&limit=20");
    expect(shown.comments.filter((x) => x.pinned).map((x) => x.id)).toEqual([c, d, e]);
    expect(shown.comments.map((x) => x.id)).toEqual([c, d, e, a, b, edited.comment.id]);
  });
});
