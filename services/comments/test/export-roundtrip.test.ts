import { expect, it } from "vitest";
import { exportComments } from "../src/transfer/export.ts";
import { createTestApp, postComment, type TestApp } from "./helpers.ts";
import { fixture, importFile, issoDatabase, readThread, writeTemp } from "./import-helpers.ts";

async function exportText(t: TestApp) {
  let text = "";
  for await (const line of exportComments(t.db, t.clock.now())) text += line;
  return text;
}
const withoutHeader = (text: string) => text.split("\n").slice(1).join("\n");

async function busyStore() {
  const t = await createTestApp({ MODERATION: "all" });
  const top = await postComment(t, { uri: "/blog/a", name: "Ann", email: "ann@example.com", body: "First *one*" });
  const reply = await postComment(t, { uri: "/blog/a", name: "Bob", parentId: top.comment.id, body: "A reply" });
  await postComment(t, { uri: "/blog/a", name: "Cy", body: "Waiting", approve: false });
  const notify = await t.call("POST", "/v1/comments", {
    uri: "/blog/b",
    author: { name: "Di", email: "di@example.com" },
    body: "Tell me about replies",
    notifyReplies: true,
  });
  expect(notify.status).toBe(201);
  await t.call("POST", "/v1/comments", { uri: "/blog/a", author: { name: "Bot" }, body: "spam", homepage: "x" });
  t.clock.advance(60_000);
  const gone = await postComment(t, { uri: "/blog/a", name: "Eve", body: "To be deleted" });
  await postComment(t, { uri: "/blog/a", name: "Fay", parentId: gone.comment.id, body: "Reply to the deleted one" });
  expect(
    (
      await t.call("DELETE", `/v1/comments/${gone.comment.id}`, undefined, {
        Authorization: `Bearer ${gone.editToken}`,
      })
    ).status,
  ).toBe(204);
  const edit = await postComment(t, { uri: "/blog/a", name: "Gus", body: "Before" });
  t.clock.advance(120_000);
  expect(
    (
      await t.call(
        "PATCH",
        `/v1/comments/${edit.comment.id}`,
        { body: "After" },
        { Authorization: `Bearer ${edit.editToken}` },
      )
    ).status,
  ).toBe(200);
  // Under MODERATION=all the edit waits for a moderator; approved, the comment carries it with editedAt.
  expect((await t.admin("POST", `/v1/admin/comments/${edit.comment.id}/approve`)).status).toBe(200);
  expect(
    (await t.admin("POST", `/v1/admin/comments/${reply.comment.id}/reply`, { body: "From the doctor" })).status,
  ).toBe(201);
  await t.admin("POST", `/v1/admin/comments/${top.comment.id}/reject`);
  await t.admin("POST", `/v1/admin/comments/${top.comment.id}/approve`);
  return t;
}

it("our own export reads back losslessly: a second export of the imported store is the same file", async () => {
  const a = await busyStore();
  const exported = await exportText(a);
  const lines = exported
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  expect(lines[0]).toMatchObject({ format: "parlor-comments", version: 1 });
  const comments = lines.filter((l) => l.type === "comment");
  expect(comments).toHaveLength(9);
  expect(new Set(comments.map((c) => c.status))).toEqual(new Set(["approved", "pending", "spam"]));
  expect(comments.some((c) => c.deletedAt !== null)).toBe(true);
  expect(comments.some((c) => c.editedAt !== null)).toBe(true);
  expect(comments.some((c) => c.author.isModerator)).toBe(true);
  expect(lines.filter((l) => l.type === "notifyAddress")).toHaveLength(1);

  const b = await createTestApp();
  const file = writeTemp(b.dir, "export.jsonl", exported);
  const summary = await importFile(b, "parlor", file);
  expect(summary).toMatchObject({ read: 9, imported: 9, orphans: 0, notifyAddresses: 1, invalid: [] });
  expect(withoutHeader(await exportText(b)).replace(/"updatedAt":"[^"]+"/g, "")).toBe(
    withoutHeader(exported).replace(/"updatedAt":"[^"]+"/g, ""),
  );
  expect(await readThread(b, "/blog/a")).toEqual(await readThread(a, "/blog/a"));

  const again = await importFile(b, "parlor", file);
  expect(again).toMatchObject({ imported: 0, alreadyImported: 9 });
  // Into the store it came from: every comment is already there.
  expect((await importFile(a, "parlor", file)).imported).toBe(0);
});

it("an export imported into a store that already holds some of it adds the rest, replies under their parents", async () => {
  const a = await busyStore();
  const exported = await exportText(a);
  const b = await createTestApp();
  // The top-level comments are already here; the whole file then adds the replies under them.
  const tops = exported
    .split("\n")
    .filter((l, i) => i === 0 || (l !== "" && JSON.parse(l).parentId === null))
    .join("\n");
  await importFile(b, "parlor", writeTemp(b.dir, "tops.jsonl", `${tops}\n`));
  await b.db.deleteFrom("comment_import").execute(); // as if they had been here all along (a restored backup)
  const rest = await importFile(b, "parlor", writeTemp(b.dir, "all.jsonl", exported));
  expect(rest).toMatchObject({ orphans: 0 });
  expect(await readThread(b, "/blog/a")).toEqual(await readThread(a, "/blog/a"));
});

it("a hand-edited export with a field the store cannot hold is refused before anything is written", async () => {
  const a = await busyStore();
  const lines = (await exportText(a)).trim().split("\n");
  const third = JSON.parse(lines[3]);
  lines[3] = JSON.stringify({ ...third, editedAt: "last tuesday" });
  const b = await createTestApp();
  const error = await importFile(b, "parlor", writeTemp(b.dir, "edited.jsonl", `${lines.join("\n")}\n`)).catch(
    (e) => e,
  );
  expect(error.message).toMatch(/^line 4: bad editedAt "last tuesday"; nothing was imported/);
  expect((await readThread(b, "/blog/a")).total).toBe(0);
});

it("what came from the peers' exports survives a Parlor round trip: exported again from a second store, the same file", async () => {
  const a = await createTestApp();
  await importFile(a, "wordpress", fixture("wordpress-6.9.xml"));
  await importFile(a, "disqus", fixture("peers/remark42-disqus-deleted-thread.xml"), { skipInvalid: true });
  await importFile(a, "disqus", fixture("peers/isso-disqus.xml"), { skipInvalid: true });
  await importFile(a, "isso", issoDatabase(a.dir, "isso-0.13.sql"));
  await importFile(a, "remark42", fixture("remark42-backup.jsonl"));
  await importFile(a, "waline", fixture("waline-sqlite.json"), { timezone: "Asia/Shanghai" });
  const exported = await exportText(a);
  const lines = exported
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  // Closed pages, edit times and the owner's badge are in the file.
  expect(lines.filter((l) => l.type === "thread" && l.closed === true).map((l) => l.uri)).toEqual([
    "/about",
    "/blog/closed-topic",
  ]);
  expect(lines.some((l) => l.type === "comment" && l.editedAt !== null)).toBe(true);
  expect(lines.some((l) => l.type === "comment" && l.author.isModerator)).toBe(true);

  const b = await createTestApp();
  const summary = await importFile(b, "parlor", writeTemp(b.dir, "export.jsonl", exported));
  expect(summary).toMatchObject({ invalid: [], threadStates: { closed: 2, open: 0 } });
  expect(withoutHeader(await exportText(b)).replace(/"updatedAt":"[^"]+"/g, "")).toBe(
    withoutHeader(exported).replace(/"updatedAt":"[^"]+"/g, ""),
  );
  for (const uri of ["/flu-shots", "/blog/markup", "/blog/remark", "/blog/fasting", "/"]) {
    expect(await readThread(b, uri)).toEqual(await readThread(a, uri));
  }
});
