import { describe, expect, it } from "vitest";
import { createTestApp, postComment, storedRow, type TestApp } from "./helpers.ts";

const as = (t: TestApp, token: string) => (method: string, path: string, body?: unknown) =>
  t.call(method, path, body, { Authorization: `Bearer ${token}` });

async function newModerator(t: TestApp, name: string): Promise<string> {
  const res = await t.admin("POST", "/v1/admin/comments/moderators", { name });
  expect(res.status).toBe(201);
  const body = await res.json();
  expect(body).toMatchObject({ name });
  expect(body.token).toMatch(/^[\w-]{43}$/);
  return body.token;
}

type Entry = {
  actor: string;
  action: string;
  subject: string;
  statusBefore: string | null;
  statusAfter: string | null;
};

describe("named moderators", () => {
  it("act under their own names, and the audit log shows who did what", async () => {
    const t = await createTestApp();
    const alice = as(t, await newModerator(t, "Alice"));
    const bob = as(t, await newModerator(t, "Bob"));
    const a = await postComment(t, { approve: false });
    const b = await postComment(t, { approve: false });
    expect((await alice("POST", `/v1/admin/comments/${a.comment.id}/approve`)).status).toBe(200);
    expect((await bob("POST", `/v1/admin/comments/${b.comment.id}/spam`)).status).toBe(200);
    expect((await bob("POST", `/v1/admin/comments/${a.comment.id}/reply`, { body: "Thanks" })).status).toBe(201);
    expect((await alice("POST", "/v1/admin/comments/bulk", { ids: [b.comment.id], action: "delete" })).status).toBe(
      200,
    );
    // A repeated approve changes nothing and logs nothing.
    await alice("POST", `/v1/admin/comments/${a.comment.id}/approve`);

    const log = await (await t.admin("GET", "/v1/admin/comments/audit")).json();
    const comments = (log.entries as Entry[]).filter((e) => e.action.startsWith("comment."));
    expect(
      comments.map((e) => [
        e.actor,
        e.action,
        e.subject === a.comment.id ? "a" : e.subject === b.comment.id ? "b" : "reply",
        e.statusBefore,
        e.statusAfter,
      ]),
    ).toEqual([
      ["Alice", "comment.delete", "b", "spam", "deleted"],
      ["Bob", "comment.reply", "reply", null, "approved"],
      ["Bob", "comment.spam", "b", "pending", "spam"],
      ["Alice", "comment.approve", "a", "pending", "approved"],
    ]);
    const tokens = (log.entries as Entry[]).filter((e) => e.action.startsWith("token."));
    expect(tokens.map((e) => [e.actor, e.action, e.subject])).toEqual([
      ["owner", "token.create", "Bob"],
      ["owner", "token.create", "Alice"],
    ]);

    // Filters and pages.
    const bobs = await (await alice("GET", "/v1/admin/comments/audit?actor=Bob")).json();
    expect(bobs.entries.map((e: Entry) => e.action)).toEqual(["comment.reply", "comment.spam"]);
    const aboutB = await (await t.admin("GET", `/v1/admin/comments/audit?subject=${b.comment.id}`)).json();
    expect(aboutB.entries.map((e: Entry) => e.action)).toEqual(["comment.delete", "comment.spam"]);
    const p1 = await (await t.admin("GET", "/v1/admin/comments/audit?limit=4")).json();
    const p2 = await (await t.admin("GET", `/v1/admin/comments/audit?limit=4&cursor=${p1.nextCursor}`)).json();
    expect([p1.entries.length, p2.entries.length, p2.nextCursor]).toEqual([4, 2, null]);
    expect((await t.admin("GET", "/v1/admin/comments/audit?cursor=!!")).status).toBe(400);
    expect((await t.admin("GET", "/v1/admin/comments/audit?limit=0")).status).toBe(400);
  });

  it("logs the list and thread tools too: blocks, closing a page, dismissing reports, and a threshold hide", async () => {
    const t = await createTestApp({ REPORT_HIDE_THRESHOLD: 2 });
    const dana = as(t, await newModerator(t, "Dana"));
    const added = await dana("POST", "/v1/admin/comments/blocks", { kind: "email", value: "spammer@example.com" });
    expect(added.status).toBe(201);
    const block = await added.json();
    expect((await dana("DELETE", `/v1/admin/comments/blocks/${block.id}`)).status).toBe(204);
    expect((await dana("POST", "/v1/admin/comments/threads/close", { uri: "/closed" })).status).toBe(200);
    const a = await postComment(t, { approve: true });
    const report = (ip: string) =>
      t.call("POST", `/v1/comments/${a.comment.id}/report`, { reason: "spam" }, { "X-Forwarded-For": ip });
    expect((await report("203.0.113.1")).status).toBe(202);
    expect((await dana("POST", `/v1/admin/comments/${a.comment.id}/dismiss-reports`)).status).toBe(200);
    expect((await report("203.0.113.2")).status).toBe(202);
    expect((await report("203.0.113.3")).status).toBe(202);

    const log = await (await t.admin("GET", "/v1/admin/comments/audit")).json();
    const rows = (log.entries as Entry[]).filter(
      (e) => !e.action.startsWith("token.") && e.action !== "comment.approve",
    );
    expect(rows.map((e) => [e.actor, e.action])).toEqual([
      ["reader", "comment.hide"],
      ["Dana", "reports.dismiss"],
      ["Dana", "thread.close"],
      ["Dana", "block.remove"],
      ["Dana", "block.add"],
    ]);
    // The log names the block by id, never by the address it held.
    expect(JSON.stringify(log)).not.toContain("spammer@example.com");
  });

  it("a revoked token gets 401 at once, and its name can be given a new token", async () => {
    const t = await createTestApp();
    const token = await newModerator(t, "Carol");
    const carol = as(t, token);
    const c = await postComment(t, { approve: false });
    expect((await carol("GET", "/v1/admin/comments")).status).toBe(200);
    expect((await t.admin("DELETE", "/v1/admin/comments/moderators/Carol")).status).toBe(204);
    const refused = await carol("POST", `/v1/admin/comments/${c.comment.id}/approve`);
    expect(refused.status).toBe(401);
    expect(refused.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect((await storedRow(t, c.comment.id))?.status).toBe("pending");
    // A second revoke is a no-op; an unknown name is 404.
    expect((await t.admin("DELETE", "/v1/admin/comments/moderators/Carol")).status).toBe(204);
    expect((await t.admin("DELETE", "/v1/admin/comments/moderators/Nobody")).status).toBe(404);

    const list = await (await t.admin("GET", "/v1/admin/comments/moderators")).json();
    expect(list.moderators).toEqual([
      { name: "Carol", createdAt: expect.any(String), lastUsedAt: expect.any(String), revokedAt: expect.any(String) },
    ]);
    expect(JSON.stringify(list)).not.toContain(token);

    const fresh = as(t, await newModerator(t, "Carol"));
    expect((await fresh("GET", "/v1/admin/comments")).status).toBe(200);
    expect((await carol("GET", "/v1/admin/comments")).status).toBe(401);
    // A live name cannot be created twice; rotating replaces its token.
    expect((await t.admin("POST", "/v1/admin/comments/moderators", { name: "Carol" })).status).toBe(409);
    const rotated = await t.admin("POST", "/v1/admin/comments/moderators/Carol/rotate");
    expect(rotated.status).toBe(201);
    expect((await fresh("GET", "/v1/admin/comments")).status).toBe(401);
    expect((await as(t, (await rotated.json()).token)("GET", "/v1/admin/comments")).status).toBe(200);
    const log = await (await t.admin("GET", "/v1/admin/comments/audit?subject=Carol")).json();
    expect(log.entries.map((e: Entry) => e.action)).toEqual([
      "token.rotate",
      "token.create",
      "token.revoke",
      "token.create",
    ]);
  });

  it("a moderator's token cannot manage tokens (403), and bad names are 400", async () => {
    const t = await createTestApp();
    const dave = as(t, await newModerator(t, "Dave"));
    expect((await dave("GET", "/v1/admin/comments/moderators")).status).toBe(403);
    expect((await dave("POST", "/v1/admin/comments/moderators", { name: "Mallory" })).status).toBe(403);
    expect((await dave("DELETE", "/v1/admin/comments/moderators/Dave")).status).toBe(403);
    expect((await dave("POST", "/v1/admin/comments/moderators/Dave/rotate")).status).toBe(403);
    expect((await dave("GET", "/v1/admin/comments")).status).toBe(200);
    for (const name of ["", "owner", "Reader", "retention", "<script>", "x".repeat(101)]) {
      const res = await t.admin("POST", "/v1/admin/comments/moderators", { name });
      expect(res.status).toBe(400);
      expect((await res.json()).errors[0].path).toBe("name");
    }
    // Look-alikes of a reserved name, compared by their skeletons: fullwidth, Cyrillic letters, digits for letters,
    // spacing and punctuation between the letters.
    for (const name of ["ｏｗｎｅｒ", "0wner", "Mоderator", "m.o.d.e.r.a.t.o.r", "SYSTEM", "Cli", "reаder"]) {
      const res = await t.admin("POST", "/v1/admin/comments/moderators", { name });
      expect([name, res.status]).toEqual([name, 400]);
      expect((await res.json()).errors[0]).toMatchObject({
        path: "name",
        message: expect.stringContaining("reserved"),
      });
    }
    // A name in another script is a name like any other.
    for (const name of ["Мария", "山田", "Ownership"]) await newModerator(t, name);
    const names = (await (await t.admin("GET", "/v1/admin/comments/moderators")).json()).moderators.map(
      (m: { name: string }) => m.name,
    );
    expect(names.sort()).toEqual(["Dave", "Ownership", "Мария", "山田"].sort());
    // Without any token the token endpoints are 401 like every admin path.
    expect((await t.call("GET", "/v1/admin/comments/moderators")).status).toBe(401);
  });

  it("a revocation on one instance stops the token on another sharing the store, at once", async () => {
    const a = await createTestApp();
    const b = await createTestApp({}, { shareStoreWith: { dir: a.dir, schema: a.schema } });
    const token = await newModerator(a, "Frank");
    expect((await as(b, token)("GET", "/v1/admin/comments")).status).toBe(200);
    expect((await a.admin("DELETE", "/v1/admin/comments/moderators/Frank")).status).toBe(204);
    expect((await as(b, token)("GET", "/v1/admin/comments")).status).toBe(401);
  });
});
