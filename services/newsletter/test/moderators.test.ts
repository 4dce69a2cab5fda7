import { describe, expect, it } from "vitest";
import { createTestApp } from "./helpers.ts";

describe("named moderators of the newsletter", () => {
  it("get their own tokens from the owner, lose them at once when revoked, and cannot manage tokens", async () => {
    const t = await createTestApp();
    const made = await t.admin("POST", "/v1/admin/newsletter/moderators", { name: "Alice" });
    expect(made.status).toBe(201);
    const { token } = await made.json();
    const alice = (method: string, path: string, body?: unknown) =>
      t.call(method, path, body, { Authorization: `Bearer ${token}` });
    expect((await alice("GET", "/v1/admin/newsletter/subscribers")).status).toBe(200);
    expect((await alice("GET", "/v1/admin/newsletter/moderators")).status).toBe(403);
    expect((await alice("POST", "/v1/admin/newsletter/moderators", { name: "Mallory" })).status).toBe(403);
    const list = await (await t.admin("GET", "/v1/admin/newsletter/moderators")).json();
    expect(list.moderators.map((m: { name: string }) => m.name)).toEqual(["Alice"]);
    expect((await t.admin("DELETE", "/v1/admin/newsletter/moderators/Alice")).status).toBe(204);
    expect((await alice("GET", "/v1/admin/newsletter/subscribers")).status).toBe(401);
    // The bounce webhook never takes a moderator's token.
    const fresh = await (await t.admin("POST", "/v1/admin/newsletter/moderators/Alice/rotate")).json();
    const hook = await t.call(
      "POST",
      "/v1/admin/newsletter/webhooks/bounces",
      {},
      { Authorization: `Bearer ${fresh.token}` },
    );
    expect(hook.status).toBe(401);
  });
});
