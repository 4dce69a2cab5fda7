import { describe, expect, it } from "vitest";
import { createLinks } from "../src/links.ts";
import { createTestApp, PUBLIC_URL, seedActive, sentIssue } from "./helpers.ts";

const SITE = "Health Notes";

describe("every reader page of the newsletter service", () => {
  it("names the site and links back to the blog", async () => {
    const t = await createTestApp({ SITE_NAME: SITE });
    const slug = await sentIssue(t, 1, "Sleep");
    const get = (path: string) => t.call("GET", path, undefined, { Accept: "text/html" });
    const post = (path: string, fields: Record<string, string>) => t.form(path, fields, { Accept: "text/html" });
    const [reader] = await seedActive(t, 1);
    const links = createLinks({ linkKey: t.secrets.linkKey, publicUrl: () => PUBLIC_URL, clock: t.clock });
    const preferences = links.preferencesUrl(reader.id).slice(PUBLIC_URL.length);
    const pages: [string, Response][] = [
      ["archive", await get("/newsletter/archive")],
      ["issue", await get(`/v1/issues/${slug}`)],
      ["signup refused", await post("/v1/subscriptions", { email: "not an address" })],
      ["confirm link", await get("/v1/subscriptions/confirm?token=forged")],
      ["confirm answer", await post("/v1/subscriptions/confirm", { token: "forged" })],
      ["unsubscribe link", await get("/v1/subscriptions/unsubscribe?token=forged")],
      [
        "unsubscribe answer",
        await post("/v1/subscriptions/unsubscribe?token=forged", { "List-Unsubscribe": "One-Click" }),
      ],
      ["preference page", await get(preferences)],
      ["preference answer", await post(preferences, { topics: "" })],
      ["preference link forged", await get("/v1/subscriptions/preferences?token=forged")],
      ["readers' rights form", await get("/newsletter/me")],
      [
        "rights request sent",
        await post("/v1/subscriptions/me/requests", { email: "ann@example.org", action: "erase" }),
      ],
      ["export link", await get("/newsletter/me/export?token=forged")],
      ["erase link", await get("/newsletter/me/erase?token=forged")],
      ["export answer", await post("/newsletter/me/export", { token: "forged" })],
      ["erase answer", await post("/newsletter/me/erase", { token: "forged" })],
    ];
    for (const [name, res] of pages) {
      expect(res.headers.get("content-type"), name).toContain("text/html");
      const html = await res.text();
      expect(html, name).toContain(`<a href="${PUBLIC_URL}/">Back to ${SITE}</a>`);
    }
  });
});
