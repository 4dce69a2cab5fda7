import { expect, it } from "vitest";
import { ImportFileError } from "../src/transfer/import.types.ts";
import { InvalidImportFile } from "../src/transfer/importer.ts";
import { createTestApp, rowCount } from "./helpers.ts";
import { fixture, importFile, outline, readThread, writeTemp } from "./import-helpers.ts";

it("a Disqus export arrives with its replies, orphans, deleted stubs and spam, HTML made safe", async () => {
  const t = await createTestApp();
  const summary = await importFile(t, "disqus", fixture("disqus.xml"));
  expect(summary).toMatchObject({ read: 8, imported: 8, alreadyImported: 0, orphans: 1, threads: 2, invalid: [] });

  const flu = await readThread(t, "/2019/flu-shots");
  // The deleted comment stays as a stub because it has a reply; the spam is not shown; the orphan is top-level.
  expect(outline(flu.comments)).toEqual(["Zoë & Max", "  Bob 😀", "Orphan Olga", "[deleted]", "  Dana"]);
  expect(flu.total).toBe(4);
  const first = flu.comments[0];
  expect(first.createdAt).toBe("2019-10-02T09:00:00.000Z");
  expect(first.html).toContain("<strong>very</strong>");
  expect(first.html).toContain('<a href="https://cdc.example/flu" rel="nofollow ugc noopener">a good one</a>');
  expect(first.html).not.toMatch(/script|onclick|javascript:|alert/);
  expect(first.html).toContain("with a bad link and");
  expect(first.replies[0].html).toContain("Grüße aus München 👋 — 日本語もOK é");
  expect(JSON.stringify(flu)).not.toContain("@example.com");

  // A reply listed before its parent is still nested under it.
  const sleep = await readThread(t, "/2020/sleep");
  expect(outline(sleep.comments)).toEqual(["Finn", "  Eve"]);

  const spam = await t.admin("GET", "/v1/admin/comments?status=spam");
  const spamBody = (await spam.json()) as { comments: { author: { email: string } }[] };
  expect(spamBody.comments.map((c) => c.author.email)).toEqual(["spam@spam.example"]);
  const ann = await t.admin("GET", "/v1/admin/comments?status=approved&q=zo");
  expect(((await ann.json()) as { comments: { author: { email: string } }[] }).comments[0].author.email).toBe(
    "ann@example.com",
  );
});

it("importing the same Disqus file twice adds nothing the second time", async () => {
  const t = await createTestApp();
  await importFile(t, "disqus", fixture("disqus.xml"));
  const before = await readThread(t, "/2019/flu-shots");
  const count = await rowCount(t);
  const again = await importFile(t, "disqus", fixture("disqus.xml"), { chunkSize: 3 });
  expect(again).toMatchObject({ read: 8, imported: 0, alreadyImported: 8 });
  expect(await rowCount(t)).toBe(count);
  expect(await readThread(t, "/2019/flu-shots")).toEqual(before);
});

it("--skip-deleted and --skip-spam leave those comments out", async () => {
  const t = await createTestApp();
  const summary = await importFile(t, "disqus", fixture("disqus.xml"), { skipDeleted: true, skipSpam: true });
  expect(summary).toMatchObject({ imported: 6, skippedDeleted: 1, skippedSpam: 1, orphans: 2 });
  expect(outline((await readThread(t, "/2019/flu-shots")).comments)).toEqual([
    "Zoë & Max",
    "  Bob 😀",
    "Orphan Olga",
    "Dana",
  ]);
});

it("a record without a date stops the import, naming its line, and nothing is written", async () => {
  const t = await createTestApp();
  const text = (await import("node:fs")).readFileSync(fixture("disqus.xml"), "utf8");
  const broken = text.replace("<createdAt>2019-10-02T10:00:00Z</createdAt>", "<createdAt>yesterday</createdAt>");
  const file = writeTemp(t.dir, "broken.xml", broken);
  const error = await importFile(t, "disqus", file).catch((e) => e);
  expect(error).toBeInstanceOf(InvalidImportFile);
  expect(error.message).toMatch(/^line 39 \(<post>\): bad date "yesterday"; nothing was imported/);
  expect(await rowCount(t)).toBe(0);

  const skipped = await importFile(t, "disqus", file, { skipInvalid: true });
  expect(skipped.invalid).toEqual([{ at: "line 39 (<post>)", reason: 'bad date "yesterday"' }]);
  expect(skipped.imported).toBe(7);
});

it("malformed XML stops with its line and column, even with --skip-invalid", async () => {
  const t = await createTestApp();
  const file = writeTemp(
    t.dir,
    "bad.xml",
    '<?xml version="1.0"?>\n<disqus>\n  <post dsq:id="1">\n    <message>a</msg>\n  </post>\n</disqus>\n',
  );
  const error = await importFile(t, "disqus", file, { skipInvalid: true }).catch((e) => e);
  expect(error).toBeInstanceOf(ImportFileError);
  expect(error.message).toMatch(/^line 4, column \d+: malformed XML/);
  expect(await rowCount(t)).toBe(0);
});

it("a mapping file moves a thread to its new path", async () => {
  const t = await createTestApp();
  const map = writeTemp(t.dir, "map.txt", "# old → new\nhttps://www.healthblog.example/2020/sleep  /blog/sleep-well\n");
  await importFile(t, "disqus", fixture("disqus.xml"), { mapFile: map });
  expect((await readThread(t, "/blog/sleep-well")).total).toBe(2);
  expect((await readThread(t, "/2020/sleep")).total).toBe(0);
});
