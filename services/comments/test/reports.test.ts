import { describe, expect, it } from "vitest";
import { createTestApp, postComment, storedRow, type TestApp } from "./helpers.ts";

/** A report from one reader: each distinct address is one reader. */
const report = (t: TestApp, id: string, ip: string, body: unknown = { reason: "abuse" }) =>
  t.call("POST", `/v1/comments/${id}/report`, body, { "X-Forwarded-For": ip });

const reported = async (t: TestApp) =>
  (await (await t.admin("GET", "/v1/admin/comments?status=reported")).json()).comments;
const count = async (t: TestApp) =>
  (await (await t.call("GET", "/v1/counts?uri=/blog/post")).json()).counts["/blog/post"];

describe("reader reports", () => {
  it("reaches the reported view with the count and reasons, and leaves the comment up", async () => {
    const t = await createTestApp();
    const c = await postComment(t, { body: "Vaccines cause everything." });
    await postComment(t, { body: "An innocent one." });
    expect((await report(t, c.comment.id, "198.51.100.1", { reason: "misinformation", note: "Not true" })).status).toBe(
      202,
    );
    expect((await report(t, c.comment.id, "198.51.100.2", { reason: "misinformation" })).status).toBe(202);
    expect((await report(t, c.comment.id, "198.51.100.3", {})).status).toBe(202);

    const [item, ...rest] = await reported(t);
    expect(rest).toEqual([]);
    expect(item).toMatchObject({
      id: c.comment.id,
      status: "approved",
      reports: { count: 3, reasons: { misinformation: 2, other: 1 }, notes: ["Not true"] },
    });
    expect(await count(t)).toBe(2);
  });

  it("counts one report per reader: a second one is answered the same and not counted", async () => {
    const t = await createTestApp();
    const c = await postComment(t);
    const first = await report(t, c.comment.id, "198.51.100.9");
    const second = await report(t, c.comment.id, "198.51.100.9", { reason: "spam" });
    expect([first.status, second.status]).toEqual([202, 202]);
    expect(await second.json()).toEqual(await first.json());
    expect((await reported(t))[0].reports).toMatchObject({ count: 1, reasons: { abuse: 1 } });
  });

  it("hides a comment once REPORT_HIDE_THRESHOLD readers report it: back to pending with the reported flag", async () => {
    const t = await createTestApp({ REPORT_HIDE_THRESHOLD: 2, MODERATOR_EMAIL: "mod@blog.example" });
    const c = await postComment(t);
    await report(t, c.comment.id, "198.51.100.1");
    expect(await count(t)).toBe(1);
    await report(t, c.comment.id, "198.51.100.2");
    expect(await count(t)).toBe(0);
    expect((await t.call("GET", `/v1/comments/${c.comment.id}`)).status).toBe(404);
    const row = await storedRow(t, c.comment.id);
    expect([row?.status, row?.flags]).toEqual(["pending", "reported"]);
    // The moderator is told, once, though the comment had been announced when it was first held.
    const mail = await t.db
      .selectFrom("comment_outbox")
      .select("subject")
      .where("recipient", "=", "mod@blog.example")
      .orderBy("id")
      .execute();
    expect(mail.map((m) => m.subject)).toEqual(["Comment held on /blog/post", "Comment held on /blog/post (reported)"]);
    const queue = await (await t.admin("GET", "/v1/admin/comments?status=pending&flag=reported")).json();
    expect(queue.comments[0]).toMatchObject({ id: c.comment.id, reports: { count: 2 } });
    // A hidden comment takes no more reports (readers cannot see it).
    expect((await report(t, c.comment.id, "198.51.100.3")).status).toBe(404);

    // The moderator approves it again: the reports are settled and it is back up.
    await t.admin("POST", `/v1/admin/comments/${c.comment.id}/approve`);
    expect(await count(t)).toBe(1);
    expect(await reported(t)).toEqual([]);
  });

  it("hides once when many readers report at the same moment", async () => {
    const t = await createTestApp({ REPORT_HIDE_THRESHOLD: 3 });
    const c = await postComment(t);
    const answers = await Promise.all(
      Array.from({ length: 8 }, async (_, i) => (await report(t, c.comment.id, `198.51.100.${i + 1}`)).status),
    );
    // Every reader is answered alike; those who came after it was hidden find nothing left to report.
    expect(answers.every((s) => s === 202 || s === 404)).toBe(true);
    expect(answers.filter((s) => s === 202).length).toBeGreaterThanOrEqual(3);
    expect((await storedRow(t, c.comment.id))?.status).toBe("pending");
    expect(await count(t)).toBe(0);
    const [item] = await reported(t);
    expect(item.reports.count).toBe(answers.filter((s) => s === 202).length);
  });

  it("lets a comment be purged for good with its reports (as retention will)", async () => {
    const t = await createTestApp();
    const c = await postComment(t);
    await report(t, c.comment.id, "198.51.100.1");
    await t.db.deleteFrom("comment").where("id", "=", c.comment.id).execute();
    expect(await t.db.selectFrom("comment_report").selectAll().execute()).toEqual([]);
  });

  it("never hides with the default threshold of 0", async () => {
    const t = await createTestApp();
    const c = await postComment(t);
    for (let i = 1; i <= 5; i++) await report(t, c.comment.id, `198.51.100.${i}`);
    expect((await storedRow(t, c.comment.id))?.status).toBe("approved");
  });

  it("lets a moderator dismiss the reports and keep the comment; any decision settles them", async () => {
    const t = await createTestApp();
    const a = await postComment(t);
    const b = await postComment(t);
    await report(t, a.comment.id, "198.51.100.1");
    await report(t, b.comment.id, "198.51.100.1");
    const dismissed = await t.admin("POST", `/v1/admin/comments/${a.comment.id}/dismiss-reports`);
    expect(dismissed.status).toBe(200);
    expect((await dismissed.json()).dismissed).toBe(1);
    expect((await storedRow(t, a.comment.id))?.status).toBe("approved");
    await t.admin("POST", `/v1/admin/comments/${b.comment.id}/reject`);
    expect(await reported(t)).toEqual([]);
    // The same reader cannot report it again after a dismissal; a new reader can.
    await report(t, a.comment.id, "198.51.100.1");
    expect(await reported(t)).toEqual([]);
    await report(t, a.comment.id, "198.51.100.2");
    expect((await reported(t))[0].reports.count).toBe(1);
  });

  it("takes reports only on published comments, checks the reason, and is rate-limited", async () => {
    const t = await createTestApp({ REPORT_RATE_LIMIT: { points: 2, windowMs: 3_600_000 } });
    const held = await postComment(t, { approve: false });
    expect((await report(t, held.comment.id, "198.51.100.1")).status).toBe(404);
    expect((await report(t, "01NOPE", "198.51.100.1", {})).status).toBe(404);
    const c = await postComment(t);
    const bad = await report(t, c.comment.id, "198.51.100.2", { reason: "boring", note: "x".repeat(501) });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toContain("application/problem+json");
    expect((await bad.json()).errors.map((e: { path: string }) => e.path).sort()).toEqual(["note", "reason"]);
    expect(await reported(t)).toEqual([]);
    expect((await report(t, c.comment.id, "198.51.100.3")).status).toBe(202);
    expect((await report(t, c.comment.id, "198.51.100.3")).status).toBe(202);
    const limited = await report(t, c.comment.id, "198.51.100.3");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("never shows a reader who reported, or their address, in any public answer", async () => {
    const t = await createTestApp();
    const c = await postComment(t, { email: "author@example.com" });
    const res = await report(t, c.comment.id, "198.51.100.1", { reason: "personal_info", note: "my phone" });
    expect(await res.text()).toBe('{"received":true}');
    const thread = await (await t.call("GET", "/v1/comments?uri=/blog/post")).text();
    expect(thread).not.toMatch(/report|author@example\.com|my phone/);
  });
});
