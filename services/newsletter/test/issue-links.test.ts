import { type SmtpSink, startSmtpSink } from "@parlor/mail/testing";
import { parseDocument } from "htmlparser2";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, PUBLIC_URL, seedActive } from "./helpers.ts";

// A physician's newsletter links to its own articles and shows its own charts: relative links resolve against
// PUBLIC_URL, images come only from IMAGE_ORIGINS, with alt text, the same URL in every copy (never a per-reader
// pixel). Checked on what subscribers' relay received, parsed by mailparser.
const IMAGES = "https://img.blog.example";
const MARKDOWN = `Last week's question was about sleep. [Read the article](/blog/sleep-and-blood-pressure).

![Blood pressure falls with each extra hour of sleep](${IMAGES}/charts/sleep.png)`;

let smtp: SmtpSink;
beforeEach(async () => {
  smtp = await startSmtpSink();
});
afterEach(async () => {
  await smtp.close();
});

interface Node {
  type: string;
  name: string;
  attribs: Record<string, string>;
  children?: Node[];
}
function tags(html: string, name: string): Record<string, string>[] {
  const found: Record<string, string>[] = [];
  const walk = (n: Node) => {
    if (n.type === "tag" && n.name === name) found.push(n.attribs);
    for (const c of n.children ?? []) walk(c);
  };
  walk(parseDocument(html) as unknown as Node);
  return found;
}

describe("an issue's links and images", () => {
  it("renders a relative link absolute and an allowed image as <img> with alt text, the same in every copy", async () => {
    const t = await createTestApp({ IMAGE_ORIGINS: [IMAGES] }, { smtp });
    await seedActive(t, 2);
    const created = await t.admin("POST", "/v1/admin/newsletter/issues", { subject: "Sleep", markdown: MARKDOWN });
    expect(created.status).toBe(201);
    const issue = await created.json();
    await t.admin("POST", `/v1/admin/newsletter/issues/${issue.id}/send`);
    await t.dispatcher.runOnce();
    await t.deliver();
    await t.dispatcher.runOnce(); // every copy has left: the issue is sent, and in the archive

    expect(smtp.deliveries).toHaveLength(2);
    const images = new Set<string>();
    for (const { mail } of smtp.deliveries) {
      const html = String(mail.html);
      expect(tags(html, "a").map((a) => a.href)).toContain(`${PUBLIC_URL}/blog/sleep-and-blood-pressure`);
      const [img, ...others] = tags(html, "img");
      expect(others).toEqual([]);
      expect(img.src).toBe(`${IMAGES}/charts/sleep.png`);
      expect(img.alt).toBe("Blood pressure falls with each extra hour of sleep");
      images.add(img.src);
      expect(mail.text).toContain(`Read the article (${PUBLIC_URL}/blog/sleep-and-blood-pressure)`);
      expect(mail.text).toContain("[Blood pressure falls with each extra hour of sleep]");
      expect(mail.text).not.toContain("sleep.png");
      expect(mail.text).not.toContain("](/blog"); // no Markdown left over
    }
    expect(images.size).toBe(1); // one URL for everyone: the image host cannot tell readers apart by it

    const archived = await t.call("GET", `/v1/issues/${issue.slug}`, undefined, { Accept: "application/json" });
    expect((await archived.json()).html).toContain(`<img src="${IMAGES}/charts/sleep.png"`);
  });

  it("refuses an image from elsewhere or without alt text with a 400 naming the Markdown, and stores nothing", async () => {
    const t = await createTestApp({ IMAGE_ORIGINS: [IMAGES] }, { smtp });
    for (const markdown of ["![A pixel](https://tracker.example/p.gif)", `![](${IMAGES}/chart.png)`]) {
      for (const path of ["/v1/admin/newsletter/issues", "/v1/admin/newsletter/issues/preview"]) {
        const res = await t.admin("POST", path, { subject: "Sleep", markdown });
        expect(res.status, `${path} ${markdown}`).toBe(400);
        const problem = await res.json();
        expect(problem.errors[0].path).toBe("markdown");
        expect(problem.errors[0].message).toMatch(/IMAGE_ORIGINS|alt text/);
      }
    }
    expect((await (await t.admin("GET", "/v1/admin/newsletter/issues")).json()).issues).toEqual([]);
  });
});
