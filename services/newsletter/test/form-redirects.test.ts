import { expectSameOrigin, headerTricks, URL_TRICKS } from "@parlor/kit/testing/hostile-input";
import { describe, expect, it } from "vitest";
import { createTestApp, PUBLIC_URL } from "./helpers.ts";

// A reader signing up without JavaScript is sent back to the article: to the Referer, or the `source` field
// when that is a page of PUBLIC_URL. Each trick below, in either place, must leave the answer (the 303's
// Location, and every link of the refusal page) on PUBLIC_URL's origin.
let n = 0;
const post = (t: Awaited<ReturnType<typeof createTestApp>>, fields: Record<string, string>, referer?: string) =>
  t.call("POST", "/v1/subscriptions", new URLSearchParams(fields).toString(), {
    "Content-Type": "application/x-www-form-urlencoded",
    Accept: "text/html",
    ...(referer === undefined ? {} : { Referer: referer }),
  });
const signup = (source?: string, consent = true) => ({
  email: `reader${++n}@example.org`,
  ...(consent ? { consent: "on" } : {}),
  ...(source === undefined ? {} : { source }),
});

describe("the no-JavaScript signup form never sends a reader to another site", () => {
  it("keeps every redirect and every link of its pages on PUBLIC_URL, whatever Referer or source say", async () => {
    const t = await createTestApp();
    const answers: Record<string, number> = {};
    const record = async (res: Response) => {
      answers[res.status] = (answers[res.status] ?? 0) + 1;
      expect([303, 400]).toContain(res.status);
      await expectSameOrigin(res, PUBLIC_URL);
    };
    for (const trick of URL_TRICKS) {
      await record(await post(t, signup(trick))); // 303, or 400 when the source is refused
      await record(await post(t, signup(trick, false))); // 400 page with a back link
    }
    for (const trick of headerTricks) {
      await record(await post(t, signup(), trick));
      await record(await post(t, signup(undefined, false), trick));
      await record(await post(t, signup("/blog/post"), trick));
    }
    expect(Object.keys(answers).sort()).toEqual(["303", "400"]);
  });

  it("still goes back to the page the reader came from when that page is on PUBLIC_URL", async () => {
    const t = await createTestApp();
    const referer = await post(t, signup(), `${PUBLIC_URL}/blog/post?x=1`);
    expect(referer.headers.get("location")).toBe(`${PUBLIC_URL}/blog/post?x=1&parlor=pending#newsletter`);
    const source = await post(t, signup("/blog/post"));
    expect(source.headers.get("location")).toBe(`${PUBLIC_URL}/blog/post?parlor=pending#newsletter`);
    const trick = await post(t, signup("/\\evil.example/x"), "//evil.example/x");
    expect(trick.headers.get("location")).toBe(`${PUBLIC_URL}/?parlor=pending#newsletter`);
    const refused = await post(t, signup("/blog/post", false));
    expect(await refused.text()).toContain(`href="${PUBLIC_URL}/blog/post?parlor=error#newsletter"`);
  });
});
