import { describe, expect, it } from "vitest";
import * as full from "./index.ts";
import * as mini from "./mini.ts";

const long = (n: number) => "x".repeat(n);

// Every value a reader could plausibly type (and some they could not), for each field the widget checks.
const names = [
  "Ana",
  "  Ana  ",
  "",
  "   ",
  long(100),
  long(101),
  "a\u0000b",
  "a\tb",
  "evil\u202egnp.exe",
  "\ud800x",
  "\u200b\u200b",
  "\u200d\u2060\ufeff",
  "\u3164",
  "\u2800 \u200b",
  "Zoë\u200b",
  5,
];
const emails = [
  undefined,
  "",
  "  ",
  "ana@example.com",
  " ana@example.com ",
  "ana@",
  "not an email",
  "a@b",
  `${long(250)}@example.com`,
  "ana@exa mple.com",
  "ana@example.com\n",
  "ana\r\n@example.com",
  7,
];
const websites = [
  undefined,
  "",
  "https://ok.example",
  "http://x.test/a?b",
  "ftp://x",
  "javascript:alert(1)",
  "https://",
];
const bodies = [
  "hi",
  "  hi  ",
  "",
  "  \n ",
  "line\nbreak\ttab",
  long(10_000),
  long(10_001),
  "a\u0000b",
  "\u202e",
  "\udc00",
  "\u200b",
  "\u200b\n\u00a0\u2060",
  "\u0301\u0301",
  "a\u200b",
];

function fullComment(input: { author: unknown; body: unknown; notifyReplies?: unknown }) {
  const r = full.NewComment.safeParse({ uri: "/blog/a", ...input });
  return r.success ? [] : full.toFieldErrors(r.error.issues);
}
function miniComment(input: { author: unknown; body: unknown; notifyReplies?: unknown }) {
  const r = mini.CommentForm.safeParse(input);
  return r.success ? [] : mini.fieldErrors(r.error.issues);
}

describe("the widget's zod/mini schemas", () => {
  it("judge every name, email and website as the server does, with the same messages", () => {
    for (const name of names)
      for (const email of emails)
        for (const website of websites) {
          const input = { author: { name, email, website }, body: "hi" };
          expect(miniComment(input), JSON.stringify(input)).toEqual(fullComment(input));
        }
  });

  it("judge every body and the notify box as the server does", () => {
    for (const body of bodies)
      for (const notifyReplies of [undefined, true, false, "yes"]) {
        const input = { author: { name: "Ana" }, body, notifyReplies };
        expect(miniComment(input), JSON.stringify(input)).toEqual(fullComment(input));
        const edit = { body };
        const f = full.CommentEdit.safeParse(edit);
        const m = mini.CommentEdit.safeParse(edit);
        expect(m.success).toBe(f.success);
        if (!f.success && !m.success)
          expect(mini.fieldErrors(m.error.issues)).toEqual(full.toFieldErrors(f.error.issues));
      }
  });

  it("judge a missing author as the server does", () => {
    for (const author of [undefined, null, "Ana", {}])
      expect(miniComment({ author, body: "x" })).toEqual(fullComment({ author, body: "x" }));
  });

  it("judge the newsletter form as the server does", () => {
    for (const email of emails)
      for (const consent of [true, false, undefined, "on"]) {
        const input = { email, consent };
        const f = full.NewSubscription.safeParse(input);
        const m = mini.SubscriptionForm.safeParse(input);
        const want = f.success ? [] : full.toFieldErrors(f.error.issues);
        expect(m.success ? [] : mini.fieldErrors(m.error.issues), JSON.stringify(input)).toEqual(want);
      }
  });

  it("trim what they accept, as the server stores it", () => {
    const r = mini.CommentForm.parse({ author: { name: " Ana ", email: " a@b.example ", website: "" }, body: " hi " });
    expect(r).toEqual({ author: { name: "Ana", email: "a@b.example", website: undefined }, body: "hi" });
  });
});
