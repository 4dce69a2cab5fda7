import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { adminGuard, hashToken, tokenMatches } from "./admin-auth.ts";
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
});
