import { describe, expect, it } from "vitest";
import { createTestApp, postComment, type TestApp } from "./helpers.ts";

const CRISIS = "Some nights I think about ending my life.";

async function page(t: TestApp, query: string) {
  const res = await t.admin("GET", `/v1/admin/comments?${query}`);
  expect(res.status, query).toBe(200);
  return (await res.json()) as {
    comments: { id: string; body: string; flags: string[]; parent?: unknown }[];
    nextCursor: string | null;
  };
}

/** Every id of a view, page by page, in the order the server gives them. */
async function walk(t: TestApp, query: string, limit: number) {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const p = await page(t, `${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`);
    ids.push(...p.comments.map((c) => c.id));
    cursor = p.nextCursor;
  } while (cursor);
  return ids;
}

async function held(t: TestApp, body: string, fields: Parameters<typeof postComment>[1] = {}) {
  t.clock.advance(1000);
  return (await postComment(t, { body, approve: false, ...fields })).comment.id;
}

describe("the moderation queue as a moderator clears it", () => {
  it("puts crisis comments first across the whole queue when asked (order=urgent), oldest first among them, on every page size", async () => {
    const t = await createTestApp();
    const plain = [await held(t, "first plain"), await held(t, "second plain"), await held(t, "third plain")];
    const crisis = [await held(t, CRISIS), await held(t, `Again: ${CRISIS}`)];
    const last = await held(t, "fourth plain");
    const want = [...crisis, ...plain, last];
    for (const limit of [1, 2, 3, 6, 50])
      expect(await walk(t, "status=pending&order=urgent", limit), `limit ${limit}`).toEqual(want);
    // Unasked, the queue is oldest first, as the contract says.
    expect(await walk(t, "status=pending", 2)).toEqual([...plain, ...crisis, last]);
    // Elsewhere the order stays oldest first: the published comments are not a to-do list.
    for (const id of want) await t.admin("POST", `/v1/admin/comments/${id}/approve`);
    expect(await walk(t, "status=approved", 2)).toEqual([...plain, ...crisis, last]);
  });

  it("keeps every crisis comment when a page ends on a published comment whose waiting edit raised crisis", async () => {
    const t = await createTestApp();
    const edited = await postComment(t, { body: "Thank you for this." });
    await t.call(
      "PATCH",
      `/v1/comments/${edited.comment.id}`,
      { body: CRISIS },
      { Authorization: `Bearer ${edited.editToken}` },
    );
    const crisis = await held(t, `Again: ${CRISIS}`);
    const plain = await held(t, "plain words");
    const want = [edited.comment.id, crisis, plain];
    for (const limit of [1, 2, 3])
      expect(await walk(t, "status=pending&order=urgent", limit), `limit ${limit}`).toEqual(want);
  });

  it("counts each view: statuses, open reports and crisis comments, deleted ones aside", async () => {
    const t = await createTestApp();
    const empty = await t.admin("GET", "/v1/admin/comments/counts");
    expect(empty.status).toBe(200);
    expect(await empty.json()).toEqual({
      counts: { pending: 0, approved: 0, rejected: 0, spam: 0, reported: 0, crisis: 0 },
    });
    await held(t, "waiting");
    await held(t, CRISIS);
    const published = (await postComment(t, { body: "published" })).comment.id;
    await postComment(t, { body: "also published" });
    await t.admin("POST", `/v1/admin/comments/${await held(t, "no")}/reject`);
    await t.admin("POST", `/v1/admin/comments/${await held(t, "buy now")}/spam`);
    await t.admin("DELETE", `/v1/admin/comments/${await held(t, "gone")}`);
    for (const ip of ["192.0.2.1", "192.0.2.2"]) {
      const r = await t.call(
        "POST",
        `/v1/comments/${published}/report`,
        { reason: "abuse" },
        { "X-Forwarded-For": ip },
      );
      expect(r.status).toBe(202);
    }
    const { counts } = await (await t.admin("GET", "/v1/admin/comments/counts")).json();
    expect(counts).toEqual({ pending: 2, approved: 2, rejected: 1, spam: 1, reported: 1, crisis: 1 });
    expect((await t.call("GET", "/v1/admin/comments/counts")).status).toBe(401);
  });

  it("shows a held reply with the comment it answers, and each comment's Markdown as written", async () => {
    const t = await createTestApp();
    const parent = (await postComment(t, { name: "Dr. Kim", body: "Magnesium helps **some** people sleep." })).comment
      .id;
    t.clock.advance(1000);
    const reply = await held(t, "Call me at 555-123-4567 about *dosing*", { parentId: parent, name: "Pat" });
    const { comments } = await page(t, "status=pending");
    expect(comments).toHaveLength(1);
    expect(comments[0]).toMatchObject({
      id: reply,
      body: "Call me at 555-123-4567 about *dosing*",
      parent: {
        id: parent,
        status: "approved",
        author: { name: "Dr. Kim", isModerator: false },
        deleted: false,
      },
    });
    expect((comments[0].parent as { html: string }).html).toContain("<strong>some</strong>");
    // A top-level comment has no parent field at all.
    const top = (await page(t, "status=approved")).comments[0];
    expect(top.id).toBe(parent);
    expect("parent" in top).toBe(false);
  });

  it("refuses a cursor it did not write", async () => {
    const t = await createTestApp();
    const res = await t.admin("GET", "/v1/admin/comments?cursor=bm90LWEtY3Vyc29y");
    expect(res.status).toBe(400);
    expect((await res.json()).errors[0].path).toBe("cursor");
  });
});
