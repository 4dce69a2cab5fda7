import { type SmtpSink, startSmtpSink } from "@parlor/mail/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, postComment, storedRow, type TestApp } from "./helpers.ts";

const MODERATOR = "moderator@blog.example";
let smtp: SmtpSink;
beforeEach(async () => {
  smtp = await startSmtpSink();
});
afterEach(async () => {
  await smtp.close();
});

const app = (overrides = {}) =>
  createTestApp({ MODERATOR_EMAIL: MODERATOR, MODERATION: "flagged", ...overrides }, { smtpUrl: smtp.url });

async function post(t: TestApp, fields: { email?: string; body?: string; ip?: string }) {
  return t.call(
    "POST",
    "/v1/comments",
    {
      uri: "/blog/post",
      author: { name: "Someone", email: fields.email },
      body: fields.body ?? "An ordinary comment.",
      notifyReplies: Boolean(fields.email),
    },
    fields.ip ? { "X-Forwarded-For": fields.ip } : {},
  );
}

/** What a client can see of an answer: status and body with the ids and tokens that differ every time taken out. */
async function visible(res: Response) {
  const body = await res.json();
  return {
    status: res.status,
    keys: Object.keys(body).sort(),
    comment: { ...body.comment, id: "*", createdAt: "*" },
    token: typeof body.editToken,
  };
}

describe("block lists", () => {
  it("files a blocked address's comment as spam, answered exactly like a held comment, with no email", async () => {
    const t = await app({ MODERATION: "all" });
    const add = await t.admin("POST", "/v1/admin/comments/blocks", { kind: "email", value: " Troll@Example.com " });
    expect(add.status).toBe(201);
    const block = await add.json();
    expect(block).toMatchObject({ kind: "email", value: "troll@example.com" });

    const blocked = await post(t, { email: "TROLL@example.com" });
    const ordinary = await post(t, { email: "reader@example.com" });
    expect(await visible(blocked)).toEqual(await visible(ordinary));

    const spam = await (await t.admin("GET", "/v1/admin/comments?status=spam")).json();
    expect(spam.comments).toHaveLength(1);
    expect(spam.comments[0]).toMatchObject({ author: { email: "TROLL@example.com" }, flags: ["blocked"] });
    await t.deliver();
    // The ordinary comment was announced to the moderator and its author asked to confirm; the blocked one caused nothing.
    expect(smtp.deliveries.some((d) => d.rcptTo.some((r) => r.toLowerCase() === "troll@example.com"))).toBe(false);
    expect(smtp.deliveries.filter((d) => d.rcptTo.includes(MODERATOR))).toHaveLength(1);
  });

  it("blocks a whole domain and its subdomains", async () => {
    const t = await app();
    expect(
      (await t.admin("POST", "/v1/admin/comments/blocks", { kind: "domain", value: "@Spam.example" })).status,
    ).toBe(201);
    expect((await (await post(t, { email: "a@spam.example" })).json()).comment.status).toBe("pending");
    expect((await (await post(t, { email: "b@mail.spam.example" })).json()).comment.status).toBe("pending");
    expect((await (await post(t, { email: "c@notspam.example" })).json()).comment.status).toBe("approved");
    const spam = await (await t.admin("GET", "/v1/admin/comments?status=spam")).json();
    expect(spam.comments.map((c: { author: { email: string } }) => c.author.email).sort()).toEqual([
      "a@spam.example",
      "b@mail.spam.example",
    ]);
  });

  it("blocks a client address through 'block this author', which also files the comment as spam", async () => {
    const t = await app();
    const first = await (await post(t, { ip: "203.0.113.7", body: "Buy now" })).json();
    expect(first.comment.status).toBe("approved");
    const res = await t.admin("POST", `/v1/admin/comments/${first.comment.id}/block`, { kinds: ["client"] });
    expect(res.status).toBe(200);
    const done = await res.json();
    expect(done.comment.status).toBe("spam");
    expect(done.blocks).toHaveLength(1);
    expect(done.blocks[0].kind).toBe("client");
    expect((await (await t.call("GET", "/v1/counts?uri=/blog/post")).json()).counts["/blog/post"]).toBe(0);

    const again = await post(t, { ip: "203.0.113.7", body: "Buy now, second try" });
    expect(again.status).toBe(201);
    const id = (await again.json()).comment.id;
    expect((await storedRow(t, id))?.status).toBe("spam");
    expect((await (await post(t, { ip: "203.0.113.8" })).json()).comment.status).toBe("approved");

    // The same hash can be added by value too; adding it twice is harmless (200 with the existing block).
    const twice = await t.admin("POST", "/v1/admin/comments/blocks", { kind: "client", value: done.blocks[0].value });
    expect(twice.status).toBe(200);
    expect((await twice.json()).id).toBe(done.blocks[0].id);
  });

  it("holds a comment with a listed word (blocked_word), as BLOCKED_WORDS does", async () => {
    const t = await app({ BLOCKED_WORDS: ["casino"] });
    await t.admin("POST", "/v1/admin/comments/blocks", { kind: "word", value: "Miracle Cure" });
    const listed = await (await post(t, { body: "Try this miracle   cure today" })).json();
    const configured = await (await post(t, { body: "casino bonus" })).json();
    expect([listed.comment.status, configured.comment.status]).toEqual(["pending", "pending"]);
    const held = await (await t.admin("GET", "/v1/admin/comments?status=pending&flag=blocked_word")).json();
    expect(held.comments).toHaveLength(2);
  });

  it("lists, filters and removes blocks; a removed block no longer applies", async () => {
    const t = await app();
    const a = await (
      await t.admin("POST", "/v1/admin/comments/blocks", { kind: "email", value: "x@example.com" })
    ).json();
    await t.admin("POST", "/v1/admin/comments/blocks", { kind: "word", value: "spamword", note: "seen in March" });
    const all = await (await t.admin("GET", "/v1/admin/comments/blocks")).json();
    expect(all.blocks.map((b: { kind: string }) => b.kind)).toEqual(["email", "word"]);
    expect(all.blocks[1].note).toBe("seen in March");
    const words = await (await t.admin("GET", "/v1/admin/comments/blocks?kind=word")).json();
    expect(words.blocks).toHaveLength(1);

    expect((await t.admin("DELETE", `/v1/admin/comments/blocks/${a.id}`)).status).toBe(204);
    expect((await t.admin("DELETE", `/v1/admin/comments/blocks/${a.id}`)).status).toBe(404);
    expect((await (await post(t, { email: "x@example.com" })).json()).comment.status).toBe("approved");
    expect((await storedRow(t, (await postComment(t, { email: "x@example.com" })).comment.id))?.status).toBe(
      "approved",
    );
  });

  it("refuses bad blocks with a 400 naming the field, and needs the admin token", async () => {
    const t = await app();
    for (const [body, path] of [
      [{ kind: "email", value: "not an address" }, "value"],
      [{ kind: "domain", value: "nodot" }, "value"],
      [{ kind: "client", value: "short" }, "value"],
      [{ kind: "word", value: "" }, "value"],
      [{ kind: "planet", value: "x" }, "kind"],
      [{ kind: "email" }, "value"],
      [{ kind: "email", commentId: "01NOPE" }, "commentId"],
    ] as const) {
      const res = await t.admin("POST", "/v1/admin/comments/blocks", body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((await res.json()).errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    expect((await (await t.admin("GET", "/v1/admin/comments/blocks")).json()).blocks).toEqual([]);
    expect((await t.call("GET", "/v1/admin/comments/blocks")).status).toBe(401);
    expect((await t.call("POST", "/v1/admin/comments/blocks", { kind: "word", value: "x" })).status).toBe(401);
  });
});
