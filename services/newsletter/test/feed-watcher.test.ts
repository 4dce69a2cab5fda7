import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type SmtpSink, startSmtpSink } from "@parlor/mail/testing";
import { afterEach, beforeEach, expect, it } from "vitest";
import { createTestApp, mailsTo, subscribe } from "./helpers.ts";

let smtp: SmtpSink;
const closers: (() => void)[] = [];
beforeEach(async () => {
  smtp = await startSmtpSink();
});
afterEach(async () => {
  for (const close of closers.splice(0)) close();
  await smtp.close();
});

interface Post {
  guid: string;
  title: string;
  link: string;
  date: string;
  description: string;
}

/** The blog: a real HTTP server whose RSS feed can gain items during the test. */
async function startBlog(posts: Post[]) {
  const server = createServer((_req, res) => {
    const items = posts
      .map(
        (
          p,
        ) => `<item><guid isPermaLink="false">${p.guid}</guid><title>${p.title.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")}</title><link>${p.link}</link>
<pubDate>${new Date(p.date).toUTCString()}</pubDate><description><![CDATA[${p.description}]]></description></item>`,
      )
      .join("\n");
    res.writeHead(200, { "Content-Type": "application/rss+xml" });
    res.end(`<?xml version="1.0"?><rss version="2.0"><channel><title>Health Blog</title>
<link>https://blog.example/</link><description>Notes</description>${items}</channel></rss>`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(() => server.close());
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed.xml`;
}

const post = (n: number, extra: Partial<Post> = {}): Post => ({
  guid: `post-${n}`,
  title: `Article ${n}`,
  link: `https://blog.example/articles/${n}`,
  date: `2026-0${n}-01T08:00:00Z`,
  description: `<p>Summary of article ${n} &amp; more.</p>`,
  ...extra,
});

async function issues(t: Awaited<ReturnType<typeof createTestApp>>) {
  const res = await t.admin("GET", "/v1/admin/newsletter/issues");
  return ((await res.json()) as { issues: { id: string; subject: string; status: string }[] }).issues;
}

it("a new article on the blog becomes one draft issue; the back catalogue and old articles never do", async () => {
  const posts = [post(1), post(2)];
  const url = await startBlog(posts);
  const t = await createTestApp({ FEED_URL: url });
  const feed = t.feed;
  if (!feed) throw new Error("FEED_URL set, so the watcher exists");

  expect(await feed.pollOnce()).toEqual([]); // the first look only records
  expect(await issues(t)).toEqual([]);

  posts.push(
    post(3, { title: "Flu shots & <you>", description: "<p>Why *now* is the time. <script>x()</script></p>" }),
  );
  const drafted = await feed.pollOnce();
  expect(drafted).toHaveLength(1);
  const [issue] = await issues(t);
  expect(issue).toMatchObject({ id: drafted[0], subject: "Flu shots & <you>", status: "draft" });
  const full = (await (await t.admin("GET", `/v1/admin/newsletter/issues/${issue.id}`)).json()) as { markdown: string };
  expect(full.markdown).toContain("Why \\*now\\* is the time.");
  expect(full.markdown).toContain("[Read the article](https://blog.example/articles/3)");
  expect(full.markdown).not.toContain("<script>");

  expect(await feed.pollOnce()).toEqual([]); // seen: not drafted twice
  expect(await issues(t)).toHaveLength(1);
});

it("FEED_MODE=send sends the announcement to every confirmed subscriber", async () => {
  const posts = [post(1)];
  const url = await startBlog(posts);
  const t = await createTestApp({ FEED_URL: url, FEED_MODE: "send" }, { smtp });
  await subscribe(t, smtp, "ann@example.com");
  await t.feed?.pollOnce();
  posts.push(post(4));
  expect(await t.feed?.pollOnce()).toHaveLength(1);
  for (let i = 0; i < 3; i++) {
    await t.dispatcher.runOnce();
    await t.deliver();
  }
  const sent = mailsTo(smtp, "ann@example.com").filter((m) => m.subject === "Article 4");
  expect(sent).toHaveLength(1);
  expect(sent[0].text).toContain("https://blog.example/articles/4");
  expect(sent[0].text).toContain("Summary of article 4 & more.");
});

it("a feed that cannot be read changes nothing and says why", async () => {
  const t = await createTestApp({ FEED_URL: "http://127.0.0.1:9/feed.xml" });
  await expect(t.feed?.pollOnce()).rejects.toThrow();
  expect(await issues(t)).toEqual([]);
});

it("FEED_TOPIC: announcements go to their own topic, made on the first article", async () => {
  const posts = [post(1)];
  const url = await startBlog(posts);
  const t = await createTestApp({ FEED_URL: url, FEED_MODE: "send", FEED_TOPIC: "new-articles" }, { smtp });
  for (const [slug, name] of [
    ["weekly-tips", "Weekly tips"],
    ["clinic-news", "Clinic news"],
  ])
    expect((await t.admin("POST", "/v1/admin/newsletter/topics", { slug, name })).status).toBe(201);
  await subscribe(t, smtp, "tips@example.com", { topics: ["weekly-tips"] });
  await subscribe(t, smtp, "all@example.com");
  await t.feed?.pollOnce();
  posts.push(post(5));
  const [id] = (await t.feed?.pollOnce()) ?? [];
  for (let i = 0; i < 3; i++) {
    await t.dispatcher.runOnce();
    await t.deliver();
  }
  const issue = await (await t.admin("GET", `/v1/admin/newsletter/issues/${id}`)).json();
  expect(issue.topics).toEqual(["new-articles"]);
  const topics = await (await t.admin("GET", "/v1/admin/newsletter/topics")).json();
  expect(topics.topics.map((x: { slug: string; name: string }) => [x.slug, x.name])).toEqual([
    ["clinic-news", "Clinic news"],
    ["new-articles", "New articles"],
    ["weekly-tips", "Weekly tips"],
  ]);
  expect(mailsTo(smtp, "all@example.com").filter((m) => m.subject === "Article 5")).toHaveLength(1);
  expect(mailsTo(smtp, "tips@example.com").filter((m) => m.subject === "Article 5")).toHaveLength(0);
});
