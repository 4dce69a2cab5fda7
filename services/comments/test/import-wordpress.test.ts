import { readFileSync } from "node:fs";
import { rowsMentioning } from "@parlor/kit/testing";
import { expect, it } from "vitest";
import { InvalidImportFile } from "../src/transfer/importer.ts";
import { PagesWouldMerge } from "../src/transfer/page-identity.ts";
import { TimeZoneNeeded } from "../src/transfer/prepare.ts";
import { createTestApp, rowCount, type TestApp } from "./helpers.ts";
import { fixture, importFile, outline, readThread, writeTemp } from "./import-helpers.ts";

const WP69 = fixture("wordpress-6.9.xml");

async function queue(t: TestApp, status: string) {
  const res = await t.admin("GET", `/v1/admin/comments?status=${status}&limit=100`);
  return ((await res.json()) as { comments: { author: { name: string }; body?: string }[] }).comments;
}

it("a WordPress 6.9 export: notes and comments on protected, private, draft or trashed posts reach no page and no queue", async () => {
  const t = await createTestApp();
  const summary = await importFile(t, "wordpress", WP69);
  expect(summary).toMatchObject({ read: 7, imported: 7, invalid: [] });
  expect(summary.skipped).toEqual({
    'an editorial note (comment_type "note")': 3,
    "a pingback": 1,
    "on a password-protected item": 1,
    "on a private item": 1,
    "on a draft": 1,
    "on a trashed item": 1,
  });
  // Every skipped text is marked EDITORIAL or PRIVATE in the fixture: none of it is anywhere in the store.
  for (const marker of ["EDITORIAL", "PRIVATE", "season&#8217;s flu shots"]) {
    expect(await rowsMentioning(t.db, t.schema, marker)).toEqual({});
  }
  for (const status of ["pending", "spam", "rejected"]) expect(await queue(t, status)).toEqual([]);

  // Default permalinks (?p=12, ?page_id=14): each item lands on its slug, not all on "/".
  const flu = await readThread(t, "/flu-shots");
  expect(outline(flu.comments)).toEqual(["Tom & Jerry", "  Dr. Lee", "O'Brien", "Ana", "Dr. Lee", "Ben"]);
  expect(flu.comments[0].author.website).toBe("https://tj.example/?a=1&b=2");
  expect((await readThread(t, "/about")).total).toBe(1);
  expect((await readThread(t, "/")).total).toBe(0);
  expect(summary.pages).toEqual([
    { uri: "/about", sources: 1 },
    { uri: "/flu-shots", sources: 1 },
  ]);
  // "About" had comments closed in WordPress.
  const about = await t.call("GET", "/v1/comments?uri=/about");
  expect(((await about.json()) as { closed: boolean }).closed).toBe(true);
  expect(summary.threadStates).toEqual({ closed: 1, open: 0 });
});

it("the WordPress importer's own test export (default permalinks) lands each item on its slug and closes the closed page", async () => {
  const t = await createTestApp();
  // A block theme's template part is exported as an item too, comments "closed": it is no page.
  const text = readFileSync(fixture("peers/wordpress-importer-wxr-comprehensive.xml"), "utf8").replace(
    "  </channel>",
    `    <item>
      <title><![CDATA[Header]]></title>
      <link>https://playground.internal/site/?p=3000</link>
      <wp:post_id>3000</wp:post_id>
      <wp:comment_status><![CDATA[closed]]></wp:comment_status>
      <wp:post_name><![CDATA[header]]></wp:post_name>
      <wp:status><![CDATA[publish]]></wp:status>
      <wp:post_type><![CDATA[wp_template_part]]></wp:post_type>
      <wp:post_password><![CDATA[]]></wp:post_password>
    </item>
  </channel>`,
  );
  const summary = await importFile(t, "wordpress", writeTemp(t.dir, "comprehensive.xml", text));
  expect(summary).toMatchObject({ read: 1, imported: 1, threadStates: { closed: 1, open: 0 } });
  // <link>https://playground.internal/site/?p=1000</link> with <wp:post_name>comprehensive-post: the blog is at /site.
  const post = await readThread(t, "/site/comprehensive-post");
  expect(post.comments.map((c) => [c.author.name, c.html])).toEqual([["Commenter", "<p>Great post!</p>\n"]]);
  const page = await t.call("GET", "/v1/comments?uri=/site/comprehensive-page");
  expect(((await page.json()) as { closed: boolean }).closed).toBe(true);
  expect((await t.db.selectFrom("comment_thread").select("uri").execute()).map((r) => r.uri).sort()).toEqual([
    "/site/comprehensive-page",
    "/site/comprehensive-post",
  ]);
});

it("Isso's WordPress test export: a comment id used twice is refused with its line; the rest keeps its lines", async () => {
  const t = await createTestApp();
  const file = fixture("peers/isso-wordpress.xml");
  const refused = await importFile(t, "wordpress", file).catch((e) => e);
  expect(refused).toBeInstanceOf(InvalidImportFile);
  expect(refused.message).toMatch(/^line 139 \(<wp:comment>\): its id 11 appears twice in the file/);
  expect(await rowCount(t)).toBe(0);

  const summary = await importFile(t, "wordpress", file, { skipInvalid: true });
  expect(summary).toMatchObject({ read: 8, imported: 7 });
  const page = await readThread(t, "/2014/test");
  expect(outline(page.comments)).toEqual([
    "Ohai",
    "Tester",
    "  Tester",
    "    Tester",
    "    Tester",
    "Multiline Author",
    "Letzter :/",
  ]);
  // WordPress shows a single newline in a comment as a line break (wpautop).
  expect(page.comments.find((c) => c.author.name === "Multiline Author")?.html).toBe(
    "<p>When you have a comment with multiple lines:<br />\nWordPress exports it like this.</p>\n",
  );
});

it("a comment with only the site's local time needs --timezone, and then means that zone's instant", async () => {
  const t = await createTestApp();
  const text = readFileSync(WP69, "utf8").replace(
    "<wp:comment_date_gmt><![CDATA[2025-10-02 09:00:00]]></wp:comment_date_gmt>",
    "<wp:comment_date_gmt><![CDATA[0000-00-00 00:00:00]]></wp:comment_date_gmt>",
  );
  const file = writeTemp(t.dir, "local-time.xml", text);
  const refused = await importFile(t, "wordpress", file, { skipInvalid: true }).catch((e) => e);
  expect(refused).toBeInstanceOf(TimeZoneNeeded);
  expect(refused.message).toMatch(
    /^line \d+ \(<wp:comment>\): the time "2025-10-02 11:00:00" has no time zone.*--timezone/,
  );
  expect(await rowCount(t)).toBe(0);

  await importFile(t, "wordpress", file, { timezone: "Europe/Berlin" });
  const [tom] = (await readThread(t, "/flu-shots")).comments;
  expect(tom.createdAt).toBe("2025-10-02T09:00:00.000Z"); // 11:00 in Berlin, summer time
});

it("items on default permalinks without a slug are refused with the list, not merged on /", async () => {
  const t = await createTestApp();
  const text = readFileSync(WP69, "utf8")
    .replace("<wp:post_name><![CDATA[flu-shots]]></wp:post_name>", "<wp:post_name><![CDATA[]]></wp:post_name>")
    .replace("<wp:post_name><![CDATA[about]]></wp:post_name>", "<wp:post_name><![CDATA[]]></wp:post_name>");
  const refused = await importFile(t, "wordpress", writeTemp(t.dir, "no-slugs.xml", text)).catch((e) => e);
  expect(refused).toBeInstanceOf(PagesWouldMerge);
  expect(refused.message).toContain("/ ← https://healthblog.example/?p=12, https://healthblog.example/?page_id=14");
  expect(refused.template).toContain(
    "https://healthblog.example/?p=12 /flu-shots-what-to-know  # Flu shots: what to know",
  );
  expect(await rowCount(t)).toBe(0);
});
