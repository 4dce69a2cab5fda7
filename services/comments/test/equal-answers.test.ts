import { statementSpy } from "@parlor/kit/testing";
import { describe, expect, it } from "vitest";
import { createTestApp, postComment, type TestApp } from "./helpers.ts";

// Equal answers (the newsletter's equal-answers test also times them): a readers'-rights request runs the same
// statements whether the address wrote comments or not, so the store's work does not tell who commented.
const ask = (t: TestApp, email: string) => t.call("POST", "/v1/comments/me/requests", { email, action: "export" });

describe("a readers'-rights request for a known and an unknown address", () => {
  it("takes the same statements", async () => {
    const spy = statementSpy();
    const t = await createTestApp({}, { plugin: spy.plugin });
    await postComment(t, { name: "Ann", email: "ann@example.com" });
    spy.take();
    const steps = async (email: string) => {
      expect((await ask(t, email)).status).toBe(202);
      return spy.take();
    };
    const unknown = await steps("nobody@example.com");
    expect(unknown).toContain("insert comment_outbox");
    expect(await steps("ann@example.com")).toEqual(unknown);
    const queued = await t.db.selectFrom("comment_outbox").select(["recipient", "subject"]).execute();
    expect(queued.map((q) => q.recipient).sort()).toEqual(["ann@example.com", "nobody@example.com"]);
  });
});
