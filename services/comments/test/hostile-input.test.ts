import {
  anyValue,
  asText,
  clientAddressish,
  deep,
  emailish,
  expectSafe,
  headerSafe,
  nasty,
  pathPart,
  recordHostileInputs,
  runs,
} from "@parlor/kit/testing/hostile-input";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { createTestApp, ENGINE, postComment, rowCount, type TestApp } from "./helpers.ts";

// Property tests over every public and admin endpoint's input: whatever arrives, the answer is never a 5xx,
// every 4xx is problem+json (or, for a browser's form post, an HTML page), and a refused request stores nothing.

const commentLike = fc.record(
  {
    uri: anyValue,
    parentId: anyValue,
    author: fc.oneof(anyValue, fc.record({ name: anyValue, email: emailish, website: anyValue }, { requiredKeys: [] })),
    body: anyValue,
    notifyReplies: anyValue,
    homepage: anyValue,
  },
  { requiredKeys: [] },
);
async function postRaw(
  t: TestApp,
  path: string,
  body: string | Uint8Array<ArrayBuffer>,
  type = "application/json",
  method = "POST",
) {
  return t.app.request(path, { method, body, headers: { "Content-Type": type, "X-Forwarded-For": "192.0.2.1" } });
}

afterAll(() => recordHostileInputs(`hostile input: every comments endpoint (${ENGINE})`));

describe("hostile input", () => {
  it("POST /v1/comments never answers 5xx and stores nothing it refused", async () => {
    const t = await createTestApp({ RATE_LIMIT: "off", SOFT_RATE_LIMIT: "off" });
    await fc.assert(
      fc.asyncProperty(fc.oneof(commentLike, anyValue), async (payload) => {
        const before = await rowCount(t);
        const res = await postRaw(t, "/v1/comments", JSON.stringify(payload));
        await expectSafe(res);
        if (res.status !== 201) expect(await rowCount(t)).toBe(before);
      }),
      { numRuns: runs(300) },
    );
  });

  it("any client address, look-alike name or empty text is answered safely, and names the field it refuses", async () => {
    const t = await createTestApp({ MODERATION: "flagged", BLOCKED_WORDS: ["viagra"] });
    await fc.assert(
      fc.asyncProperty(clientAddressish, nasty, nasty, async (ip, name, body) => {
        const res = await t.app.request("/v1/comments", {
          method: "POST",
          body: JSON.stringify({ uri: "/blog/hostile", author: { name }, body }),
          headers: { "Content-Type": "application/json", "X-Forwarded-For": headerSafe(ip) },
        });
        await expectSafe(res);
        if (res.status === 400) {
          const paths = (await res.json()).errors.map((e: { path: string }) => e.path);
          expect(paths.every((p: string) => ["author.name", "body"].includes(p))).toBe(true);
        }
      }),
      { numRuns: runs(150) },
    );
  });

  it("survives raw bytes, invalid UTF-8, deep nesting and odd content types", async () => {
    const t = await createTestApp({ RATE_LIMIT: "off", SOFT_RATE_LIMIT: "off" });
    const cases: [string | Uint8Array<ArrayBuffer>, string][] = [
      [new Uint8Array([0xff, 0xfe, 0x7b, 0x22, 0xc3, 0x28]), "application/json"],
      [deep(100_000), "application/json"],
      [JSON.stringify({ uri: "/a", author: { name: "A" }, body: deep(3000) }), "application/json"],
      ["uri=%2Fa&name=%FF%FE&body=%00", "application/x-www-form-urlencoded"],
      ['--x\r\nContent-Disposition: form-data; name="body"\r\n\r\nhi\r\n--x--', "multipart/form-data; boundary=x"],
      ["garbage", "multipart/form-data"],
      ["{}", "text/plain"],
      ["{}", "application/json; charset=latin1"],
    ];
    for (const [body, type] of cases) await expectSafe(await postRaw(t, "/v1/comments", body, type));
    expect(await rowCount(t)).toBeLessThanOrEqual(1);
  });

  it("form posts never answer 5xx", async () => {
    const t = await createTestApp({ RATE_LIMIT: "off", SOFT_RATE_LIMIT: "off" });
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(
          fc.constantFrom(
            "uri",
            "name",
            "email",
            "website",
            "body",
            "parentId",
            "notifyReplies",
            "homepage",
            "returnTo",
          ),
          nasty,
        ),
        async (fields) => {
          await expectSafe(
            await postRaw(
              t,
              "/v1/comments",
              new URLSearchParams(fields).toString(),
              "application/x-www-form-urlencoded",
            ),
          );
        },
      ),
      { numRuns: runs(200) },
    );
  });

  it("thread, count and permalink reads never answer 5xx, whatever the query", async () => {
    const t = await createTestApp();
    await postComment(t);
    const param = fc.oneof(nasty, fc.integer().map(String));
    await fc.assert(
      fc.asyncProperty(param, param, param, param, async (uri, sort, limit, cursor) => {
        const q = new URLSearchParams({ uri, sort, limit, cursor }).toString();
        await expectSafe(await t.call("GET", `/v1/comments?${q}`));
        await expectSafe(
          await t.call(
            "GET",
            `/v1/counts?${new URLSearchParams([
              ["uri", uri],
              ["uri", cursor],
            ])}`,
          ),
        );
        await expectSafe(await t.call("GET", `/v1/comments/${pathPart(uri)}`));
      }),
      { numRuns: runs(150) },
    );
  });

  it("edits and deletes with any token and body never answer 5xx or change the comment", async () => {
    const t = await createTestApp();
    const c = await postComment(t, { body: "original" });
    await fc.assert(
      fc.asyncProperty(nasty, anyValue, async (token, body) => {
        const headers = { Authorization: `Bearer ${headerSafe(token)}` };
        await expectSafe(await t.call("PATCH", `/v1/comments/${c.comment.id}`, JSON.stringify({ body }), headers));
        await expectSafe(await t.call("DELETE", `/v1/comments/${c.comment.id}`, undefined, headers));
      }),
      { numRuns: runs(150) },
    );
    const row = await t.db.selectFrom("comment").select("body").where("id", "=", c.comment.id).executeTakeFirst();
    expect(row?.body).toBe("original");
  });

  it("admin endpoints never answer 5xx to any body or id", async () => {
    const t = await createTestApp();
    const c = await postComment(t, { approve: false });
    await fc.assert(
      fc.asyncProperty(
        anyValue,
        nasty,
        fc.constantFrom("approve", "reject", "spam", "reply"),
        async (body, id, action) => {
          await expectSafe(await t.admin("POST", "/v1/admin/comments/bulk", JSON.stringify(body)));
          await expectSafe(
            await t.admin("POST", "/v1/admin/comments/bulk", { ids: [id, c.comment.id], action: asText(body) }),
          );
          await expectSafe(await t.admin("POST", `/v1/admin/comments/${pathPart(id)}/${action}`, JSON.stringify(body)));
          await expectSafe(
            await t.admin("GET", `/v1/admin/comments?${new URLSearchParams({ status: id, q: id, cursor: id })}`),
          );
          await expectSafe(await t.admin("POST", "/v1/admin/comments/erase-author", JSON.stringify({ email: body })));
        },
      ),
      { numRuns: runs(100) },
    );
  });

  it("screens bodies built from look-alikes, invisible and expanding characters, spaced letters and digits, and every reason points inside the body", async () => {
    const t = await createTestApp({ RATE_LIMIT: "off", SOFT_RATE_LIMIT: "off" });
    // Pieces the screen's normalisation folds (confusables, NFKC, Markdown escapes, letter spacing) next to the
    // words and numbers it looks for, so matches start and end on folded characters.
    const piece = fc.constantFrom(
      "k\u0456ll mys\u0435lf", // Cyrillic look-alikes
      "ｓｕｉｃｉｄｅ",
      "s u i c i d e",
      "w\u200bish I was d\u00adead",
      "\ufdfa",
      "\u0301\u0301",
      "🙏",
      "\\-",
      "+44 7700 900123",
      "０７７００ ９００１２３",
      "five five five one two three four",
      "jane (at) mail [dot] com",
      "14 rue des Lilas, 75011 Paris",
      "mrn-",
      "DOB 3/14/85",
      "I don't",
      ". ",
      "\n",
    );
    const body = fc
      .array(fc.oneof(piece, fc.string({ maxLength: 6 })), { minLength: 1, maxLength: 12 })
      .map((p) => p.join(" "));
    await fc.assert(
      fc.asyncProperty(body, async (text) => {
        const res = await postRaw(
          t,
          "/v1/comments",
          JSON.stringify({ uri: "/fuzz", author: { name: "F" }, body: text }),
        );
        await expectSafe(res);
        if (res.status !== 201) return;
        const { comment } = await res.json();
        const row = await t.db
          .selectFrom("comment")
          .select(["body", "flag_details"])
          .where("id", "=", comment.id)
          .executeTakeFirst();
        for (const d of JSON.parse(row?.flag_details ?? "[]")) {
          if (d.start === null) continue;
          expect(0 <= d.start && d.start < d.end && d.end <= (row?.body.length ?? 0)).toBe(true);
        }
      }),
      { numRuns: runs(100) },
    );
  });

  it("the pages behind email links never answer 5xx or change a comment, whatever the token", async () => {
    const t = await createTestApp();
    const c = await postComment(t, { approve: false });
    const before = await t.db.selectFrom("comment").select(["id", "status"]).execute();
    await fc.assert(
      fc.asyncProperty(nasty, nasty, async (token, action) => {
        for (const path of ["/comments/moderate", "/comments/notify/confirm", "/comments/notify/unsubscribe"]) {
          await expectSafe(await t.call("GET", `${path}?token=${pathPart(token)}`));
          await expectSafe(
            await postRaw(
              t,
              path,
              new URLSearchParams({ token, action, id: c.comment.id }).toString(),
              "application/x-www-form-urlencoded",
            ),
          );
        }
      }),
      { numRuns: runs(100) },
    );
    expect(await t.db.selectFrom("comment").select(["id", "status"]).execute()).toEqual(before);
  });
});
