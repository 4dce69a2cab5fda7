import { expect, it } from "vitest";
import { PagesWouldMerge } from "../src/transfer/page-identity.ts";
import { createTestApp, rowCount } from "./helpers.ts";
import { fixture, importFile, outline, readThread, writeTemp } from "./import-helpers.ts";

const QUERY_PAGES = fixture("disqus-query-pages.xml");

it("Disqus threads on ?p= links without a slug are refused with the list; the filled-in template keeps them apart", async () => {
  const t = await createTestApp();
  const refused = await importFile(t, "disqus", QUERY_PAGES, { skipInvalid: true }).catch((e) => e);
  expect(refused).toBeInstanceOf(PagesWouldMerge);
  expect(refused.message).toContain("nothing was imported");
  expect(refused.message).toContain("/ ← https://healthblog.example/?p=12, https://healthblog.example/?p=14");
  expect(await rowCount(t)).toBe(0);
  // The template lists exactly the colliding pages (the one with a path of its own is not in it).
  const entries = refused.template.split("\n").filter((l: string) => l && !l.startsWith("#"));
  expect(entries).toEqual([
    "https://healthblog.example/?p=12 /flu-shots-what-to-know  # Flu shots: what to know",
    "https://healthblog.example/?p=14 /sleep-and-your-heart  # Sleep and your heart",
  ]);

  const map = writeTemp(t.dir, "map.txt", refused.template.replace("/flu-shots-what-to-know", "/blog/flu-shots"));
  const summary = await importFile(t, "disqus", QUERY_PAGES, { mapFile: map });
  expect(summary).toMatchObject({ imported: 4, invalid: [] });
  expect(outline((await readThread(t, "/blog/flu-shots")).comments)).toEqual(["Ann", "  Dr. Lee"]);
  expect(outline((await readThread(t, "/sleep-and-your-heart")).comments)).toEqual(["Bob"]);
  expect(outline((await readThread(t, "/2019/about-this-blog")).comments)).toEqual(["Cy"]);
  expect((await readThread(t, "/")).total).toBe(0);
  expect(summary.pages.every((p) => p.sources === 1)).toBe(true);
});

it("the summary counts the source pages each Parlor page gathers, when the operator merges them on purpose", async () => {
  const t = await createTestApp();
  const map = writeTemp(
    t.dir,
    "map.txt",
    "https://healthblog.example/?p=12 /blog/advice\nhttps://healthblog.example/?p=14 /blog/advice\n",
  );
  const summary = await importFile(t, "disqus", QUERY_PAGES, { mapFile: map });
  expect(summary.pages).toEqual([
    { uri: "/blog/advice", sources: 2 },
    { uri: "/2019/about-this-blog", sources: 1 },
  ]);
  expect((await readThread(t, "/blog/advice")).total).toBe(3);
});

it("a dry run says what would land on each page and with which status, and writes nothing", async () => {
  const t = await createTestApp();
  const dry = await importFile(t, "disqus", fixture("disqus.xml"), { dryRun: true });
  expect(dry).toMatchObject({ dryRun: true, read: 8, imported: 8, alreadyImported: 0 });
  expect(dry.landing).toEqual([
    { uri: "/2019/flu-shots", counts: { approved: 4, spam: 1, deleted: 1 } },
    { uri: "/2020/sleep", counts: { approved: 2 } },
  ]);
  expect(await rowCount(t)).toBe(0);
  expect(await t.db.selectFrom("comment_thread").selectAll().execute()).toEqual([]);

  // After the real import, a dry run of the same file finds everything already there.
  await importFile(t, "disqus", fixture("disqus.xml"));
  const again = await importFile(t, "disqus", fixture("disqus.xml"), { dryRun: true });
  expect(again).toMatchObject({ imported: 0, alreadyImported: 8, landing: [] });
});
