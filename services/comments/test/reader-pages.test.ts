import { describe, expect, it } from "vitest";
import { createTestApp, PUBLIC_URL } from "./helpers.ts";

const SITE = "Health Notes";
const form = (fields: Record<string, string>) => ({
  body: new URLSearchParams(fields).toString(),
  headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "text/html" },
});

describe("every reader page of the comments service", () => {
  it("names the site and links back to the blog", async () => {
    const t = await createTestApp({ SITE_NAME: SITE });
    const get = (path: string) => t.call("GET", path, undefined, { Accept: "text/html" });
    const post = (path: string, fields: Record<string, string>) => {
      const f = form(fields);
      return t.call("POST", path, f.body, f.headers);
    };
    const pages: [string, Response][] = [
      ["readers' rights form", await get("/comments/me")],
      ["rights request sent", await post("/v1/comments/me/requests", { email: "ann@example.org", action: "export" })],
      ["export link", await get("/comments/me/export?token=forged")],
      ["erase link", await get("/comments/me/erase?token=forged")],
      ["export answer", await post("/comments/me/export", { token: "forged" })],
      ["erase answer", await post("/comments/me/erase", { token: "forged" })],
      ["notify confirm link", await get("/comments/notify/confirm?token=forged")],
      ["notify confirm answer", await post("/comments/notify/confirm", { token: "forged" })],
      ["notify unsubscribe link", await get("/comments/notify/unsubscribe?token=forged")],
      ["notify unsubscribe answer", await post("/comments/notify/unsubscribe", { token: "forged" })],
      ["moderation link", await get("/comments/moderate?token=forged")],
      ["moderation answer", await post("/comments/moderate", { token: "forged" })],
      ["plain form refused", await post("/v1/comments", { uri: "/blog/post", name: "", body: "" })],
      ["crisis answer", await post("/v1/comments", { uri: "/blog/post", name: "Ann", body: "I want to end my life" })],
    ];
    for (const [name, res] of pages) {
      expect(res.headers.get("content-type"), name).toContain("text/html");
      const html = await res.text();
      expect(html, name).toContain(`<a href="${PUBLIC_URL}/">Back to ${SITE}</a>`);
    }
  });
});
