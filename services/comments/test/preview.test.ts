import { XSS_CORPUS } from "@parlor/kit/testing/xss-corpus";
import { describe, expect, it } from "vitest";
import { createTestApp, rowCount, storedRow, type TestApp } from "./helpers.ts";

const preview = (t: TestApp, body: unknown, headers: Record<string, string> = {}) =>
  t.call("POST", "/v1/comments/preview", body, { "X-Forwarded-For": "203.0.113.7", ...headers });

// What readers write, beside the hostile corpus: Markdown of every kind, links, images from an allowed origin and
// from another, raw HTML, long and non-Latin text.
const BODIES = [
  "**Bold**, _italic_, `code`, ~~struck~~ and a [link](https://example.org/study?a=1&b=2).",
  "> A quote\n\n- one\n- two\n\n1. first\n2. second\n\n```\nconst x = 1 < 2;\n```",
  "![chart](https://img.example/chart.png) and ![elsewhere](https://tracker.example/pixel.gif)",
  "Plain https://example.org/auto-linked and someone@example.org and <b>raw</b> <em>html</em>",
  "Переносимость хорошая; 副作用はありません; emoji 👩‍⚕️ & ampersands <3",
  `${"A long paragraph. ".repeat(500)}end`,
];

describe("comment preview", () => {
  it("renders exactly the HTML the posted comment gets, byte for byte, and stores nothing", async () => {
    const t = await createTestApp({
      IMAGE_ORIGINS: ["https://img.example"],
      RATE_LIMIT: "off",
      SOFT_RATE_LIMIT: "off",
      PREVIEW_RATE_LIMIT: "off",
    });
    let compared = 0;
    for (const body of [...BODIES, ...XSS_CORPUS]) {
      const shown = await preview(t, { body });
      expect(await rowCount(t)).toBe(0);
      const posted = await t.call("POST", "/v1/comments", { uri: "/blog/post", author: { name: "Ann" }, body });
      if (shown.status === 400) {
        // What a post refuses (control characters), the preview refuses alike.
        expect(posted.status, body).toBe(400);
        expect((await shown.json()).errors, body).toEqual((await posted.json()).errors);
        continue;
      }
      expect(shown.status, body).toBe(200);
      expect(shown.headers.get("cache-control")).toBe("no-store");
      const { html } = (await shown.json()) as { html: string };
      const id = ((await posted.json()) as { comment: { id: string } }).comment.id;
      expect(html, body).toBe((await storedRow(t, id))?.html);
      await t.db.deleteFrom("comment").where("id", "=", id).execute();
      compared++;
    }
    expect(compared).toBeGreaterThan(80);
    expect(await rowCount(t)).toBe(0);
    const images = (await (await preview(t, { body: BODIES[2] })).json()).html as string;
    expect(images).toContain('src="https://img.example/chart.png"');
    expect(images).not.toContain('tracker.example/pixel.gif"');
  });

  it("refuses what a post would refuse, with a 400 naming the body; past its own limit a 429 with Retry-After", async () => {
    // A posting budget of 3 that the 8 previews below would have spent, were they counted against it.
    const t = await createTestApp({
      PREVIEW_RATE_LIMIT: { points: 3, windowMs: 600_000 },
      RATE_LIMIT: { points: 3, windowMs: 600_000 },
    });
    for (const body of ["", " \u200b ", "x".repeat(10_001)]) {
      const bad = await preview(t, { body });
      expect(bad.status).toBe(400);
      expect((await bad.json()).errors.map((e: { path: string }) => e.path)).toEqual(["body"]);
    }
    expect((await preview(t, "body=plain", { "Content-Type": "text/plain" })).status).toBe(415);
    for (let i = 0; i < 3; i++) expect((await preview(t, { body: `Draft ${i}` })).status).toBe(200);
    const limited = await preview(t, { body: "One more look." });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    // Previews do not spend the posting budget.
    const posted = await t.call(
      "POST",
      "/v1/comments",
      { uri: "/blog/post", author: { name: "Ann" }, body: "Sent." },
      { "X-Forwarded-For": "203.0.113.7" },
    );
    expect(posted.status).toBe(201);
    expect(await rowCount(t)).toBe(1);
  });
});
