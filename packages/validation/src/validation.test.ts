import { describe, expect, it } from "vitest";
import {
  CommentReport,
  decodeCursor,
  emailKey,
  encodeCursor,
  mailboxKey,
  NewComment,
  normalizePageUri,
  toFieldErrors,
  WebsiteUrl,
} from "./index.ts";

describe("page uri", () => {
  it.each([
    ["https://blog.example/a/b/?x=1#c", "/a/b"],
    ["/blog/post/", "/blog/post"],
    ["/", "/"],
    ["/a?x=1", "/a"],
    ["http://x.test", "/"],
  ])("normalises %s to %s", (input, want) => expect(normalizePageUri(input)).toBe(want));

  it.each(["", "blog/post", "//evil.test/a", "javascript:alert(1)"])("rejects %j", (input) =>
    expect(normalizePageUri(input)).toBeNull(),
  );
});

describe("new comment", () => {
  it("accepts a minimal comment and treats empty optional fields as absent", () => {
    const c = NewComment.parse({ uri: "/a/", author: { name: " Ann ", email: "", website: "" }, body: " hi " });
    expect(c).toMatchObject({ uri: "/a", author: { name: "Ann" }, body: "hi" });
    expect(c.author.email).toBeUndefined();
  });

  it("names every bad field", () => {
    const r = NewComment.safeParse({ uri: 5, author: { name: "", email: "nope", website: "ftp://x" }, body: "" });
    expect(r.success).toBe(false);
    const paths = toFieldErrors(r.error?.issues ?? []).map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(["uri", "author.name", "author.email", "author.website", "body"]));
  });

  it("refuses names with bidi overrides or NUL bytes", () => {
    for (const name of ["evil\u202egnp.exe", "a\u0000b"]) {
      expect(NewComment.safeParse({ uri: "/a", author: { name }, body: "x" }).success).toBe(false);
    }
  });

  it("refuses a body over 10000 characters", () => {
    expect(NewComment.safeParse({ uri: "/a", author: { name: "a" }, body: "x".repeat(10_001) }).success).toBe(false);
  });
});

describe("website", () => {
  it("takes only http and https", () => {
    expect(WebsiteUrl.safeParse("https://ok.example").success).toBe(true);
    expect(WebsiteUrl.safeParse("javascript:alert(1)").success).toBe(false);
  });
});

describe("cursor", () => {
  it("round-trips any JSON, and refuses foreign strings", () => {
    const c = encodeCursor({ t: "2026-01-01T00:00:00.000Z", id: "01J", é: "ü" });
    expect(decodeCursor(c)).toEqual({ t: "2026-01-01T00:00:00.000Z", id: "01J", é: "ü" });
    expect(decodeCursor("!!!")).toBeNull();
  });
});

describe("comment report", () => {
  it("takes no reason as `other` and an empty note as none", () => {
    expect(CommentReport.parse({ note: "  " })).toEqual({ reason: "other" });
    expect(CommentReport.parse({ reason: "spam", note: " Ads\nagain " })).toEqual({
      reason: "spam",
      note: "Ads\nagain",
    });
  });

  it("names an unknown reason and a long or hidden-character note", () => {
    for (const [input, path] of [
      [{ reason: "boring" }, "reason"],
      [{ note: "x".repeat(501) }, "note"],
      [{ note: "a\u202eb" }, "note"],
    ] as const) {
      const r = CommentReport.safeParse(input);
      expect(toFieldErrors(r.error?.issues ?? []).map((e) => e.path)).toEqual([path]);
    }
  });
});

describe("visible text", () => {
  it.each(["\u200b", "\u200b\u200c\u200d", "\u2060\ufeff", "\u3164", "\u2800", "\u00a0\u200b", "\u0301", "\u180e"])(
    "refuses a name or a body of only invisible characters: %j",
    (text) => {
      const r = NewComment.safeParse({ uri: "/a", author: { name: text }, body: text });
      expect(toFieldErrors(r.error?.issues ?? [])).toEqual([
        { path: "author.name", message: "must contain a visible character" },
        { path: "body", message: "must contain a visible character" },
      ]);
    },
  );

  it("takes text with one visible character among invisible ones, in any script", () => {
    for (const text of ["a\u200b", "\u200bЖ", "日本", "🙂", "x\u0301"]) {
      expect(NewComment.safeParse({ uri: "/a", author: { name: text }, body: text }).success).toBe(true);
    }
  });
});

describe("emailKey", () => {
  it("compares addresses trimmed and lower-cased, local part included, and keeps tags and dots", () => {
    expect(emailKey("  Ann.Lee+News@Example.COM ")).toBe("ann.lee+news@example.com");
    expect(mailboxKey("  Ann.Lee+News@Example.COM ")).toBe("ann.lee@example.com");
  });
});

describe("mailboxKey", () => {
  it.each([
    ["Ann@Example.com", "ann@example.com"],
    ["ann+news@example.com", "ann@example.com"],
    ["a.nn+x+y@gmail.com", "ann@gmail.com"],
    ["A.N.N@GoogleMail.com", "ann@gmail.com"],
    ["a.nn@example.com", "a.nn@example.com"],
    ["+tag@example.com", "+tag@example.com"],
  ])("reads %s as the mailbox %s", (address, key) => expect(mailboxKey(address)).toBe(key));
});
