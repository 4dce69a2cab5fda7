import { describe, expect, it } from "vitest";
import { NewComment } from "./comment.ts";
import { quickNewComment } from "./quick.ts";

// quickNewComment must give exactly what the schema gives, or nothing: every combination of each field's hard
// cases (spaces around, empty, control and bidi characters, lone surrogates, invisible text, lengths at and past the
// limits, wrong types, absent, present as undefined, unknown keys).
const ABSENT = Symbol("absent");
const uris = [
  "/blog/post",
  " /blog/post/ ",
  "https://blog.example/a/b/?x=1#c",
  "/a b",
  "blog/post",
  "//evil.example/x",
  "ftp://x/y",
  "",
  `/${"a".repeat(2047)}`,
  `/${"a".repeat(2048)}`,
  7,
  ABSENT,
];
const parentIds = ["01J9ZZ0000000000000000000A", "", "  ", "not an id!", "a".repeat(65), 3, undefined, ABSENT];
const names = [
  "Ann",
  "  Ann  ",
  "",
  "   ",
  "\u200b\u200b",
  "A\u0007nn",
  "A\u202enn",
  "A\ud800",
  "a".repeat(100),
  ` ${"a".repeat(100)} `,
  "a".repeat(101),
  "Zoë Ñ 李",
  5,
  ABSENT,
];
const emails = ["ann@example.org", " ann@example.org ", "", "  ", "not-an-address", "ann@", 1, undefined, ABSENT];
const websites = [
  "https://ann.example",
  " http://ann.example/x ",
  "",
  "javascript:alert(1)",
  "https://",
  "ftp://ann.example",
  `https://a.example/${"a".repeat(2030)}`,
  false,
  ABSENT,
];
const bodies = [
  "A thoughtful comment.",
  "  **bold**\n\nand more  ",
  "",
  " \n\t ",
  "\u200b",
  "line\ttab\nnext",
  "bad\u0000byte",
  "bidi\u2066x",
  "lone\udc00",
  "a".repeat(10_000),
  ` ${"a".repeat(10_000)} `,
  "a".repeat(10_001),
  null,
  ABSENT,
];
const notifies = [true, false, "true", undefined, ABSENT];
const titles = [
  "A post",
  "  A post  ",
  "",
  "  ",
  "a".repeat(200),
  "a".repeat(201),
  "tab\there",
  "new\nline",
  9,
  undefined,
  ABSENT,
];
const homepages = ["", "filled", 1, null, ABSENT];

function build(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) if (v !== ABSENT) out[k] = v;
  return out;
}

function compare(input: unknown) {
  const quick = quickNewComment(input);
  const parsed = NewComment.safeParse(input);
  if (quick !== null) {
    expect(parsed.success, JSON.stringify(input)).toBe(true);
    expect(quick, JSON.stringify(input)).toStrictEqual(parsed.data);
  }
  return { quick: quick !== null, zod: parsed.success };
}

describe("quickNewComment", () => {
  it("gives the schema's own value or nothing, field by field", () => {
    let taken = 0;
    let valid = 0;
    const base = { uri: "/blog/post", author: { name: "Ann" }, body: "Hi." };
    const tally = (r: { quick: boolean; zod: boolean }) => {
      if (r.quick) taken++;
      if (r.zod) valid++;
    };
    for (const uri of uris) tally(compare(build({ ...base, uri })));
    for (const parentId of parentIds) tally(compare(build({ ...base, parentId })));
    for (const name of names)
      for (const email of emails)
        for (const website of websites) tally(compare(build({ ...base, author: build({ name, email, website }) })));
    for (const body of bodies)
      for (const notifyReplies of notifies)
        for (const pageTitle of titles)
          for (const homepage of homepages)
            tally(compare(build({ ...base, body, notifyReplies, pageTitle, homepage })));
    for (const odd of [
      null,
      "x",
      [],
      { ...base, extra: 1 },
      { ...base, author: { name: "Ann", extra: 1 } },
      { ...base, author: "Ann" },
    ]) {
      tally(compare(odd));
    }
    // It takes most of what the schema takes (the usual posts), so the fast road is the usual one.
    expect(taken).toBeGreaterThan(valid * 0.6);
  });

  it("takes the usual posts", () => {
    for (const post of [
      {
        uri: "/bench/posts",
        author: { name: "Bench Reader" },
        body: "A durable comment, **committed** before its 201.",
      },
      {
        uri: "https://blog.example/2024/05/a-post/",
        parentId: "01J9ZZ0000000000000000000A",
        author: { name: "Dr. Ann Lee", email: "ann@example.org", website: "https://ann.example" },
        body: "Thanks!\n\nSee [this](https://example.org).",
        notifyReplies: true,
        pageTitle: "A post",
        homepage: "",
      },
    ]) {
      expect(quickNewComment(post)).toStrictEqual(NewComment.parse(post));
    }
  });
});
