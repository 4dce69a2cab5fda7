import { describe, expect, it } from "vitest";
import { createTestApp, storedRow, type TestApp } from "./helpers.ts";

// Look-alikes are compared by their Unicode skeletons (UTS #39 confusables, case, accents, invisible characters,
// spacing and punctuation between single letters); they never refuse a name for the script it is written in.
async function post(t: TestApp, fields: { name?: string; email?: string; body?: string }) {
  return t.call("POST", "/v1/comments", {
    uri: "/blog/post",
    author: { name: fields.name ?? "Someone", email: fields.email },
    body: fields.body ?? "An ordinary comment.",
  });
}
const statusOf = async (t: TestApp, res: Response) => (await storedRow(t, (await res.json()).comment.id))?.status;

describe("look-alikes", () => {
  it("holds BLOCKED_WORDS and listed words written with look-alike letters, spaced or dotted", async () => {
    const t = await createTestApp({ MODERATION: "flagged", BLOCKED_WORDS: ["viagra"] });
    await t.admin("POST", "/v1/admin/comments/blocks", { kind: "word", value: "miracle cure" });
    const held = [
      "Cheap vіagra here", // Cyrillic і
      "Cheap V I A G R A here",
      "Cheap v.i.a.g.r.a here",
      "Cheap ＶＩＡＧＲＡ here",
      "A m\u0456racle\u200b cure!",
      "A MIRACLE - CURE",
    ];
    for (const body of held) {
      const res = await post(t, { body });
      const row = await storedRow(t, (await res.json()).comment.id);
      expect([body, row?.status, row?.flags]).toEqual([body, "pending", "blocked_word"]);
      const [detail] = JSON.parse(row?.flag_details ?? "[]");
      // The reason points at the words as the reader wrote them.
      expect(body.slice(detail.start, detail.end).replace(/[^\p{L}]/gu, "").length).toBeGreaterThanOrEqual(6);
    }
    for (const body of ["Viagrafalls is a town", "a miracle, then a cure", "We agree"]) {
      expect([body, await statusOf(t, await post(t, { body }))]).toEqual([body, "approved"]);
    }
    // In the author's name too.
    expect(await statusOf(t, await post(t, { name: "V.I.A.G.R.A shop" }))).toBe("pending");
  });

  it("does not widen a word that reads differently without its symbols", async () => {
    const t = await createTestApp({ MODERATION: "flagged", BLOCKED_WORDS: ["c++"] });
    expect(await statusOf(t, await post(t, { body: "Vitamin C helps, they say" }))).toBe("approved");
    expect(await statusOf(t, await post(t, { body: "I write c++ for a living" }))).toBe("pending");
  });

  it("refuses a reader named as the moderators are, or as a look-alike (400 naming author.name)", async () => {
    const t = await createTestApp({ MODERATOR_NAME: "Dr. Kim" });
    for (const name of ["Dr. Kim", "dr kim", "DR.KIM", "Dr. K\u0456m", "Ｄｒ．Ｋｉｍ", "D r . K i m"]) {
      const res = await post(t, { name });
      expect([name, res.status]).toEqual([name, 400]);
      expect((await res.json()).errors).toEqual([
        { path: "author.name", message: "is the moderators' name: choose another" },
      ]);
    }
    for (const name of ["Dr. Kimball", "Kim", "Ким"]) expect((await post(t, { name })).status).toBe(201);
    // The default name too, and a form post gets its page back with the field named.
    const t2 = await createTestApp();
    expect((await post(t2, { name: "Mоderator" })).status).toBe(400);
    const page = await t2.call(
      "POST",
      "/v1/comments",
      new URLSearchParams({ uri: "/blog/post", name: "MODERATOR", body: "Hello" }).toString(),
      { "Content-Type": "application/x-www-form-urlencoded" },
    );
    expect(page.status).toBe(400);
    expect(await page.text()).toContain("author.name");
  });

  it("refuses names and bodies with no visible character (400), changing nothing", async () => {
    const t = await createTestApp();
    const res = await post(t, { name: "\u200b\u200d", body: "\u2060\u200b\ufeff" });
    expect(res.status).toBe(400);
    expect((await res.json()).errors.map((e: { path: string }) => e.path)).toEqual(["author.name", "body"]);
    const ok = await post(t, {});
    const created = await ok.json();
    const edit = await t.call(
      "PATCH",
      `/v1/comments/${created.comment.id}`,
      { body: "\u200b \u3164" },
      { Authorization: `Bearer ${created.editToken}` },
    );
    expect(edit.status).toBe(400);
    expect((await storedRow(t, created.comment.id))?.body).toBe("An ordinary comment.");
    const reply = await t.admin("POST", `/v1/admin/comments/${created.comment.id}/reply`, { body: "\u200b" });
    expect(reply.status).toBe(400);
  });

  it("blocks an address with any +tag, and gmail addresses with any dots", async () => {
    const t = await createTestApp({ MODERATION: "flagged" });
    const add = async (value: string) =>
      (await (await t.admin("POST", "/v1/admin/comments/blocks", { kind: "email", value })).json()).value;
    expect(await add("Troll+first@Example.com")).toBe("troll@example.com");
    expect(await add("t.roll@googlemail.com")).toBe("troll@gmail.com");
    for (const email of [
      "troll@example.com",
      "troll+again@example.com",
      "TROLL+x+y@example.com",
      "tr.o.ll@gmail.com",
    ]) {
      expect([email, await statusOf(t, await post(t, { email }))]).toEqual([email, "spam"]);
    }
    // Dots count at other providers, and another local part is another person.
    for (const email of ["t.roll@example.com", "trolls@example.com", "troll@example.org"]) {
      expect([email, await statusOf(t, await post(t, { email }))]).toEqual([email, "approved"]);
    }
  });
});
