import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { hashToken, tokenMatches } from "../core/tokens.ts";
import { adminGuard } from "./admin-auth.ts";
import { renderError } from "./problem.ts";

describe("admin tokens", () => {
  it("match only the exact token", () => {
    const h = hashToken("a-very-long-admin-token-123456");
    expect(tokenMatches("a-very-long-admin-token-123456", h)).toBe(true);
    expect(tokenMatches("a-very-long-admin-token-12345", h)).toBe(false);
  });

  it("guard every spelling of the admin prefix and nothing else", async () => {
    const app = new Hono();
    app.onError((e, c) => renderError(c, e, () => {}));
    app.use(
      "*",
      adminGuard(() => [hashToken("secret-token-secret-token")]),
    );
    app.all("*", (c) => c.text("reached"));
    for (const path of ["/v1/admin", "/v1/ADMIN/x", "/v1//admin/x", "/v1/%61dmin/x", "/x/../v1/admin/x"]) {
      expect((await app.request(path)).status).toBe(401);
    }
    for (const path of ["/v1/administrator", "/v1/comments", "/"]) {
      expect((await app.request(path)).status).toBe(200);
    }
    const ok = await app.request("/v1/admin/x", { headers: { Authorization: "Bearer secret-token-secret-token" } });
    expect(ok.status).toBe(200);
  });

  it("names who acts: the owner's token as owner, a moderator's through identify, on every spelling", async () => {
    const app = new Hono<{ Variables: { moderator?: string } }>();
    app.onError((e, c) => renderError(c, e, () => {}));
    const live = new Map([["alice-token-alice-token-alice", "Alice"]]);
    app.use(
      "*",
      adminGuard(
        () => [hashToken("secret-token-secret-token")],
        "/v1/admin",
        async (t) => live.get(t) ?? null,
      ),
    );
    app.all("*", (c) => c.text(c.var.moderator ?? "nobody"));
    const as = (token: string, path = "/v1/admin/x") =>
      app.request(path, { headers: { Authorization: `Bearer ${token}` } });
    expect(await (await as("secret-token-secret-token")).text()).toBe("owner");
    expect(await (await as("alice-token-alice-token-alice", "/v1/%61dmin/x")).text()).toBe("Alice");
    live.clear(); // revoked: the next request is refused
    for (const path of ["/v1/admin/x", "/v1//ADMIN/x", "/x/../v1/admin/x"]) {
      expect((await as("alice-token-alice-token-alice", path)).status).toBe(401);
    }
    expect(await (await app.request("/v1/comments")).text()).toBe("nobody");
  });
});
