import { describe, expect, it } from "vitest";
import { localize } from "../../strings/catalogue.ts";
import { en as english } from "../../strings/en.ts";
import { isDeleted, safeHref } from "./thread.ts";

describe("what the thread trusts", () => {
  it("links an author's website only when it is http or https", () => {
    expect(safeHref("https://ana.example/me")).toBe("https://ana.example/me");
    expect(safeHref("http://ana.example")).toBe("http://ana.example/");
    for (const bad of ["javascript:alert(1)", "data:text/html,x", "//evil.example", "ana.example", "", null]) {
      expect(safeHref(bad)).toBeNull();
    }
  });

  it("knows the stub a deleted comment leaves", () => {
    const base = { id: "1", parentId: null, createdAt: "", editedAt: null, replies: [] };
    expect(isDeleted({ ...base, html: "", author: { name: "[deleted]", website: null, isModerator: false } })).toBe(
      true,
    );
    expect(
      isDeleted({ ...base, html: "<p>hi</p>", author: { name: "[deleted]", website: null, isModerator: false } }),
    ).toBe(false);
  });
});

describe("the English strings", () => {
  const en = localize(english);
  it("count comments and waits in words a reader expects", () => {
    expect(en.comments.count(1)).toBe("1 comment");
    expect(en.comments.count(12)).toBe("12 comments");
    expect(en.form.tooMany(30)).toContain("30 seconds");
    expect(en.form.tooMany(600)).toContain("10 minutes");
    expect(en.fieldError("Name", "must not be empty")).toBe("Name must not be empty.");
  });
});
