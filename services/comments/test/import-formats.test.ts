import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { expect, it } from "vitest";
import { createTestApp, rowCount } from "./helpers.ts";
import { fixture, importFile, issoDatabase, outline, readThread } from "./import-helpers.ts";

it("a WordPress export keeps replies and authors, holds what was held, skips pingbacks, cleans the HTML", async () => {
  const t = await createTestApp();
  const summary = await importFile(t, "wordpress", fixture("wordpress.xml"));
  expect(summary).toMatchObject({ read: 6, imported: 6, orphans: 1, invalid: [] });
  const page = await readThread(t, "/blog/vitamin-d");
  // Trashed Tom is deleted without replies, so it is not shown; the spam and held ones wait in their queues.
  expect(outline(page.comments)).toEqual(["Hanna Müller", "  admin", "Orphan Otto"]);
  const [hanna] = page.comments;
  expect(hanna.createdAt).toBe("2020-01-07T09:00:00.000Z");
  expect(hanna.author.website).toBe("https://hanna.example");
  expect(hanna.html).toContain("<strong>1000 IU</strong>");
  expect(hanna.html).toContain('<a href="https://nih.example/vitd" rel="nofollow ugc noopener">source</a>');
  expect(hanna.html).not.toMatch(/onerror|onclick|<img/);
  expect(hanna.replies[0].html).toContain("Ask your doctor — but");
  expect(page.comments[1].author.website).toBeNull(); // javascript: is not a website
  const held = (await (await t.admin("GET", "/v1/admin/comments?status=pending")).json()) as {
    comments: { author: { name: string } }[];
  };
  expect(held.comments.map((c) => c.author.name)).toEqual(["Held Harry"]);
  const spam = (await (await t.admin("GET", "/v1/admin/comments?status=spam")).json()) as { comments: unknown[] };
  expect(spam.comments).toHaveLength(1);
  expect((await importFile(t, "wordpress", fixture("wordpress.xml"))).imported).toBe(0);
});

it("an Isso database keeps parents, queues what waited, and shows a deleted comment only as a stub", async () => {
  const t = await createTestApp();
  const summary = await importFile(t, "isso", issoDatabase(t.dir));
  expect(summary).toMatchObject({ read: 6, imported: 6, orphans: 1, invalid: [] });
  const page = await readThread(t, "/blog/headaches");
  expect(outline(page.comments)).toEqual(["Pia", "  Quinn", "[deleted]", "  Rae", "Sol"]);
  expect(page.comments[0].html).toBe("<p>Migraines run in my family. <em>Any</em> tips?</p>\n");
  expect(page.comments[0].createdAt).toBe("2020-09-13T12:26:40.500Z");
  expect(page.comments.at(-1)?.author.website).toBeNull();
  expect((await importFile(t, "isso", issoDatabase(`${t.dir}/again`))).alreadyImported).toBe(6);
});

it("a Remark42 backup keeps threads, times and the deleted comment, and strips scripts", async () => {
  const t = await createTestApp();
  const summary = await importFile(t, "remark42", fixture("remark42.jsonl"));
  expect(summary).toMatchObject({ read: 3, imported: 3, orphans: 0, invalid: [] });
  const page = await readThread(t, "/blog/allergies");
  expect(outline(page.comments)).toEqual(["Ines", "  Jon"]);
  expect(page.comments[0].createdAt).toBe("2021-04-01T08:00:00.123Z");
  expect(page.comments[0].html).toBe("<p>Pollen season is <em>brutal</em> this year.</p>\n");
  expect(page.comments[0].replies[0].html).toBe("<p>Try a nasal rinse</p>\n");
  const before = await rowCount(t);
  expect(before).toBe(3);
  await importFile(t, "remark42", fixture("remark42.jsonl"));
  expect(await rowCount(t)).toBe(before);
});

it("a gzipped Remark42 backup (as `remark42 backup` writes it) imports the same", async () => {
  const t = await createTestApp();
  const gz = join(t.dir, "backup.gz");
  writeFileSync(gz, gzipSync(readFileSync(fixture("remark42.jsonl"))));
  expect(await importFile(t, "remark42", gz)).toMatchObject({ read: 3, imported: 3 });
  expect(outline((await readThread(t, "/blog/allergies")).comments)).toEqual(["Ines", "  Jon"]);
});

it("a Waline export keeps names, emails and websites, waits what waited, files spam as spam", async () => {
  const t = await createTestApp();
  const summary = await importFile(t, "waline", fixture("waline.json"));
  expect(summary).toMatchObject({ read: 4, imported: 4, invalid: [] });
  const page = await readThread(t, "/blog/fasting");
  expect(outline(page.comments)).toEqual(["Lena", "  Mo"]);
  expect(page.comments[0].author.website).toBe("https://lena.example");
  expect(page.comments[0].html).toContain("<strong>fasting</strong>");
  expect(page.comments[0].html).not.toContain("<script");
  expect(page.comments[0].replies[0].html).toContain("éè 🍎");
  const queue = (await (await t.admin("GET", "/v1/admin/comments?status=pending")).json()) as {
    comments: { author: { name: string; email: string } }[];
  };
  expect(queue.comments.map((c) => [c.author.name, c.author.email])).toEqual([["Nia", "nia@example.com"]]);
  expect((await importFile(t, "waline", fixture("waline.json"))).imported).toBe(0);
});

it("a file that is not valid JSON stops the Waline import with a clear message", async () => {
  const t = await createTestApp();
  const error = await importFile(t, "waline", fixture("remark42.jsonl")).catch((e) => e);
  expect(error.message).toMatch(/not valid JSON/);
  expect(await rowCount(t)).toBe(0);
});
