import { expectSameOrigin, headerTricks, URL_TRICKS } from "@parlor/kit/testing/hostile-input";
import { describe, expect, it } from "vitest";
import { createTestApp, PUBLIC_URL, rowCount } from "./helpers.ts";

// A reader posting the comment form without JavaScript is sent back to the article: to the page named by the
// form's `returnTo`, the Referer or the thread's `uri`, whichever is a page of PUBLIC_URL. Each trick below,
// in each of those places, must leave the answer (the 303's Location, and every link of an answer page) on
// PUBLIC_URL's origin.
const HELP = ["tel:988", "tel:911"]; // the crisis page's helplines are meant to leave the site
const post = (t: Awaited<ReturnType<typeof createTestApp>>, fields: Record<string, string>, referer?: string) =>
  t.call("POST", "/v1/comments", new URLSearchParams(fields).toString(), {
    "Content-Type": "application/x-www-form-urlencoded",
    Accept: "text/html",
    ...(referer === undefined ? {} : { Referer: referer }),
  });

describe("the no-JavaScript comment form never sends a reader to another site", () => {
  it("keeps every redirect and every link of its pages on PUBLIC_URL, whatever returnTo, Referer or uri say", async () => {
    const t = await createTestApp();
    const answers: Record<string, number> = {};
    for (const trick of URL_TRICKS) {
      const tries: { fields: Record<string, string> }[] = [
        { fields: { uri: "/blog/post", name: "Ann", body: "Hello", returnTo: trick } }, // 303
        { fields: { uri: trick, name: "Ann", body: "Hello" } }, // 303, or 400 when the uri is refused
        { fields: { uri: trick, name: "", body: "Hello" } }, // 400 page with a back link
        { fields: { uri: "/blog/post", name: "", body: "Hello", returnTo: trick } }, // 400 page
        { fields: { uri: "/blog/post", name: "Ann", body: "I want to end my life", returnTo: trick } }, // crisis page
        { fields: { uri: trick, name: "Ann", body: "I want to kill myself" } }, // crisis page, or 400
      ];
      for (const { fields } of tries) {
        const res = await post(t, fields);
        answers[res.status] = (answers[res.status] ?? 0) + 1;
        expect([201, 303, 400], `${JSON.stringify(fields)} → ${res.status}`).toContain(res.status);
        await expectSameOrigin(res, PUBLIC_URL, HELP);
      }
    }
    for (const trick of headerTricks) {
      for (const fields of [
        { uri: "/blog/post", name: "Ann", body: "Hello" },
        { uri: "/blog/post", name: "", body: "Hello" },
        { uri: "/blog/post", name: "Ann", body: "I want to end my life" },
      ]) {
        const res = await post(t, fields, trick);
        answers[res.status] = (answers[res.status] ?? 0) + 1;
        await expectSameOrigin(res, PUBLIC_URL, HELP);
      }
    }
    // Every kind of answer was met: redirects, refusal pages and crisis pages.
    expect(Object.keys(answers).sort()).toEqual(["201", "303", "400"]);
    expect(await rowCount(t)).toBeGreaterThan(URL_TRICKS.length);
  });

  it("still goes back to the page the reader came from when that page is on PUBLIC_URL", async () => {
    const t = await createTestApp();
    const back = await post(t, { uri: "/blog/post", name: "Ann", body: "Hi", returnTo: "/blog/post?page=2" });
    expect(back.headers.get("location")).toBe(`${PUBLIC_URL}/blog/post?page=2&parlor=held#comments`);
    const referer = await post(t, { uri: "/blog/post", name: "Ann", body: "Hi" }, `${PUBLIC_URL}/blog/post?x=1`);
    expect(referer.headers.get("location")).toBe(`${PUBLIC_URL}/blog/post?x=1&parlor=held#comments`);
    const trick = await post(t, { uri: "/blog/post", name: "Ann", body: "Hi", returnTo: "/\\evil.example/x" });
    expect(trick.headers.get("location")).toBe(`${PUBLIC_URL}/blog/post?parlor=held#comments`);
    const refused = await post(t, { uri: "//evil.example/x", name: "", body: "Hi" });
    expect(await refused.text()).toContain(`href="${PUBLIC_URL}/?parlor=error#comments"`);
  });
});
