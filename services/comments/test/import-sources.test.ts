import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterEach, expect, it } from "vitest";
import { ImportFileError } from "../src/transfer/import.types.ts";
import { InvalidImportFile } from "../src/transfer/importer.ts";
import { TimeZoneNeeded } from "../src/transfer/prepare.ts";
import { createTestApp, rowCount } from "./helpers.ts";
import { fixture, importFile, issoDatabase, outline, readThread, writeTemp } from "./import-helpers.ts";

const WALINE = fixture("waline-sqlite.json");
const machineZone = process.env.TZ;
afterEach(() => {
  if (machineZone === undefined) delete process.env.TZ;
  else process.env.TZ = machineZone;
});

// Node re-reads TZ when it changes: each run below sees a different "machine" zone.
for (const machine of ["America/Los_Angeles", "Asia/Kolkata"]) {
  it(`a Waline export from SQLite means the same instants on a machine in ${machine}: those of --timezone`, async () => {
    process.env.TZ = machine;
    const t = await createTestApp();
    const refused = await importFile(t, "waline", WALINE).catch((e) => e);
    expect(refused).toBeInstanceOf(TimeZoneNeeded);
    expect(refused.message).toContain('data.Comment[0]: the time "2024-03-12 18:00:00" has no time zone');
    expect(refused.message).toContain("--timezone");
    expect(await rowCount(t)).toBe(0);

    await importFile(t, "waline", WALINE, { timezone: "Asia/Shanghai" });
    const page = await readThread(t, "/blog/fasting");
    const times = Object.fromEntries(
      [...page.comments, ...page.comments.flatMap((c) => c.replies)].map((c) => [c.author.name, c.createdAt]),
    );
    // Shanghai is UTC+8 all year.
    expect(times).toEqual({
      Lena: "2024-03-12T10:00:00.000Z",
      "Dr. Lee": "2024-03-12T11:30:00.000Z",
      Mo: "2024-03-13T00:15:30.000Z",
      Oli: "2024-03-14T15:59:59.000Z",
    });
  });
}

it("a Waline owner's replies carry the owner's name and badge; signed-in readers their own; websites get a scheme", async () => {
  const t = await createTestApp();
  await importFile(t, "waline", WALINE, { timezone: "Asia/Shanghai" });
  const page = await readThread(t, "/blog/fasting");
  expect(outline(page.comments)).toEqual(["Lena", "  Dr. Lee", "Mo", "  Oli"]);
  const reply = page.comments[0].replies[0];
  expect(reply.author).toMatchObject({ name: "Dr. Lee", website: "https://healthblog.example", isModerator: true });
  expect(page.comments[0].author).toMatchObject({ website: "https://lena.example", isModerator: false });
  expect(page.comments[1].author).toMatchObject({ name: "Mo", website: "https://mo.example", isModerator: false });
  const held = (await (await t.admin("GET", "/v1/admin/comments?status=pending")).json()) as {
    comments: { author: { name: string; email: string; website: string } }[];
  };
  expect(held.comments.map((c) => c.author)).toMatchObject([
    { name: "Nia", email: "nia@example.com", website: "https://nia.example/" },
  ]);
  const owner = await t.db.selectFrom("comment").select("author_email").where("author_name", "=", "Dr. Lee").execute();
  expect(owner).toEqual([{ author_email: "doc@healthblog.example" }]);
});

it("a blocked reader's address is carried over as the mailbox it reaches, as blocks are kept: its other spellings are blocked too", async () => {
  const t = await createTestApp();
  const text = readFileSync(fixture("remark42-backup.jsonl"), "utf8").replace(
    "troll@example.com",
    "T.Roll+blog@GoogleMail.com",
  );
  await importFile(t, "remark42", writeTemp(t.dir, "remark42-gmail.jsonl", text));
  const blocks = (await (await t.admin("GET", "/v1/admin/comments/blocks")).json()) as { blocks: { value: string }[] };
  expect(blocks.blocks.map((b) => b.value)).toEqual(["troll@gmail.com"]);
  for (const email of ["troll@gmail.com", "t.roll+other@gmail.com"]) {
    const again = await t.call("POST", "/v1/comments", {
      uri: "/blog/remark",
      author: { name: "Troll", email },
      body: "Back",
    });
    expect(((await again.json()) as { comment: { status: string } }).comment.status, email).toBe("pending");
    const row = await t.db
      .selectFrom("comment")
      .select(["status", "flags"])
      .where("author_email", "=", email)
      .executeTakeFirst();
    expect(row, email).toMatchObject({ status: "spam", flags: expect.stringContaining("blocked") });
  }
});

it("a Remark42 backup: blocked readers into the block list, read-only posts closed, edits and admins kept", async () => {
  const t = await createTestApp();
  const summary = await importFile(t, "remark42", fixture("remark42-backup.jsonl"));
  expect(summary).toMatchObject({ read: 10, imported: 10, threadStates: { closed: 1, open: 0 } });
  expect(summary.blocks).toEqual({
    added: 1,
    notCarried: [
      { who: "Walt (email_0b8a3c9f5d2e)", at: "line 1 (users)", reason: "the block ended 2026-03-01T00:00:00Z" },
      { who: "Quiet <Q> (google_9d3e7a01)", at: "line 1 (users)", reason: "no email address known to block" },
    ],
  });
  const blocks = (await (await t.admin("GET", "/v1/admin/comments/blocks")).json()) as {
    blocks: { kind: string; value: string; note: string }[];
  };
  expect(blocks.blocks).toMatchObject([
    { kind: "email", value: "troll@example.com", note: "blocked in Remark42: Troll (github_4f2a91c7)" },
  ]);
  // The block works: the same reader cannot post here.
  const again = await t.call("POST", "/v1/comments", {
    uri: "/blog/remark",
    author: { name: "Troll", email: "troll@example.com" },
    body: "Back again",
  });
  expect(((await again.json()) as { comment?: { status: string } }).comment?.status).not.toBe("approved");

  const closed = (await (await t.call("GET", "/v1/comments?uri=/blog/closed-topic")).json()) as {
    closed: boolean;
    total: number;
  };
  expect(closed).toMatchObject({ closed: true, total: 1 });
  const page = await readThread(t, "/blog/remark");
  const tom = page.comments.find((c) => c.author.name === "Tom & Jerry");
  expect(tom).toMatchObject({ createdAt: "2024-02-01T09:00:00.123Z", editedAt: "2024-02-01T09:20:00.500Z" });
  expect(tom?.replies[0].author).toMatchObject({ name: "Dr. Lee", isModerator: true });
  expect(page.comments.find((c) => c.author.name === "Quiet <Q>")).toBeDefined();

  // Importing again adds nothing, and a page a moderator has reopened since stays open.
  expect((await t.admin("POST", "/v1/admin/comments/threads/reopen", { uri: "/blog/closed-topic" })).status).toBe(200);
  const second = await importFile(t, "remark42", fixture("remark42-backup.jsonl"));
  expect(second).toMatchObject({ imported: 0, threadStates: { closed: 0, open: 0 }, blocks: { added: 0 } });
  expect(
    ((await (await t.call("GET", "/v1/comments?uri=/blog/closed-topic")).json()) as { closed: boolean }).closed,
  ).toBe(false);
});

it("an Isso database: names as readers typed them, edit times kept", async () => {
  const t = await createTestApp();
  await importFile(t, "isso", issoDatabase(t.dir, "isso-0.13.sql"));
  const page = await readThread(t, "/blog/markup");
  const names = page.comments.flatMap((c) => [c, ...c.replies]).map((c) => c.author.name);
  expect(names).toContain("Tom & Jerry <tj>");
  expect(names).toContain("O'Brien & Sons");
  const tom = page.comments.find((c) => c.author.name === "Tom & Jerry <tj>");
  expect(tom?.author.website).toBe("https://tj.example/?a=1&b=2");
  expect(tom?.replies[0]).toMatchObject({
    createdAt: "2023-11-14T22:15:00.000Z",
    editedAt: "2023-11-14T22:20:00.500Z",
  });
});

it("Remark42's Disqus test export: read past a stray character and an unquoted attribute, deleted thread skipped", async () => {
  const t = await createTestApp();
  const file = fixture("peers/remark42-disqus-deleted-thread.xml");
  const refused = await importFile(t, "disqus", file).catch((e) => e);
  expect(refused).toBeInstanceOf(InvalidImportFile);
  expect(refused.message).toMatch(/^line 102 \(<post>\): <post> has no dsq:id/);

  const summary = await importFile(t, "disqus", file, { skipInvalid: true });
  expect(summary).toMatchObject({ read: 5, imported: 1, skipped: { "on a thread deleted in the source": 4 } });
  expect(summary.warnings).toEqual([
    { at: "line 1, column 1", message: 'text outside the root element ignored ("`")' },
    { at: "line 147, column 17", message: "an attribute value without quotes (read up to the next space or >)" },
  ]);
  const page = await readThread(t, "/2011/03/229_8880.html");
  expect(outline(page.comments)).toEqual(["No Username"]);
  expect(page.comments[0].html).toContain("<p>Сейчас письмо пришло от гугла.</p>");
  expect((await readThread(t, "/p/2011/03/05/podcast-229")).total).toBe(0);
  expect(JSON.stringify(await t.db.selectFrom("comment").select("body").execute())).not.toMatch(/Microsoft|spam/);
});

it("Isso's Disqus test export: a post on a thread not in the file is named; the others land", async () => {
  const t = await createTestApp();
  const summary = await importFile(t, "disqus", fixture("peers/isso-disqus.xml"), { skipInvalid: true });
  expect(summary).toMatchObject({ read: 6, imported: 5 });
  expect(summary.invalid).toEqual([{ at: "line 66 (<post>)", reason: "its thread 1337 is not in the file" }]);
  // Both top-level posts have the same time: compared without their order.
  const threads = (await readThread(t, "/")).comments.map((c) => outline([c]).join(" / "));
  expect(threads.sort()).toEqual(["[deleted] /   user", "peter /   user"]);
});

it("every unreadable file is named with a position, with or without --skip-invalid", async () => {
  const t = await createTestApp();
  const whole = readFileSync(fixture("disqus.xml"), "utf8");
  const cut = whole.slice(0, whole.indexOf("Grüße aus")); // inside the second post's message
  const errors = await Promise.all([
    importFile(t, "disqus", writeTemp(t.dir, "cut.xml", cut), { skipInvalid: true }).catch((e) => e),
    importFile(t, "disqus", fixture("wordpress.xml")).catch((e) => e),
    importFile(
      t,
      "waline",
      writeTemp(t.dir, "bad.json", '{"type":"waline","data":{"Comment":[\n  {"objectId": 1,}\n]}}'),
    ).catch((e) => e),
    (async () => {
      const gz = gzipSync(readFileSync(fixture("remark42.jsonl")));
      const file = join(t.dir, "cut.gz");
      writeFileSync(file, gz.subarray(0, gz.length - 20));
      return importFile(t, "remark42", file).catch((e) => e);
    })(),
    importFile(t, "isso", writeTemp(t.dir, "not-isso.db", "SQLite format 3\u0000 but broken")).catch((e) => e),
  ]);
  for (const e of errors) expect(e).toBeInstanceOf(ImportFileError);
  expect(errors.map((e) => e.message)).toEqual([
    "line 41, column 26: malformed XML: the file ends inside <message> (opened on line 41): is it complete?",
    "line 2, column 1: the root element is <rss>, not <disqus>: is this the right --format?",
    "line 2, column 18: not valid JSON: cannot parse input: unexpected token '}'",
    expect.stringMatching(/^after line 3: unexpected end of file/),
    expect.stringMatching(/^not an Isso database \(file is not a database\)/),
  ]);
  expect(await rowCount(t)).toBe(0);
});
