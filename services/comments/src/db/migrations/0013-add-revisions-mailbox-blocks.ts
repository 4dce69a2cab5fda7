import type { Kysely } from "kysely";

// Frozen: never edit a landed migration; add the next one.
//
// 1. An edit of a published comment that waits for a moderator (MODERATION=all): its text is kept here, apart from
//    the published one, until a moderator approves it (it replaces the comment's text) or rejects it (it is
//    dropped). One waiting edit per comment: a newer one replaces it. Cascade: a comment purged for good takes it.
// 2. Address blocks compare mailboxes: stored values become the mailbox an address reaches (lower-cased, `+tag`
//    dropped, dots dropped for gmail.com and googlemail.com as gmail.com). The rule is written out here, as it
//    stood, so this migration means the same thing whatever later code does; two blocks of one mailbox become one.
export async function up(db: Kysely<any>) {
  await db.schema
    .createTable("comment_revision")
    .addColumn("comment_id", "varchar(32)", (c) => c.primaryKey().references("comment.id").onDelete("cascade"))
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("html", "text", (c) => c.notNull())
    .addColumn("flags", "varchar(200)", (c) => c.notNull().defaultTo(""))
    .addColumn("flag_details", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .execute();

  const blocks: { id: string; value: string }[] = await db
    .selectFrom("comment_block")
    .select(["id", "value"])
    .where("kind", "=", "email")
    .orderBy("created_at")
    .execute();
  const kept = new Set(blocks.map((b) => b.value));
  for (const block of blocks) {
    const mailbox = mailboxAsOf0013(block.value);
    if (mailbox === block.value) continue;
    if (kept.has(mailbox)) {
      await db.deleteFrom("comment_block").where("id", "=", block.id).execute();
    } else {
      await db.updateTable("comment_block").set({ value: mailbox }).where("id", "=", block.id).execute();
      kept.add(mailbox);
    }
    kept.delete(block.value);
  }
}

export async function down(db: Kysely<any>) {
  await db.schema.dropTable("comment_revision").execute();
}

function mailboxAsOf0013(address: string): string {
  const email = address.trim().toLowerCase();
  const at = email.lastIndexOf("@");
  if (at < 1) return email;
  let local = email.slice(0, at);
  let domain = email.slice(at + 1);
  const plus = local.indexOf("+");
  if (plus > 0) local = local.slice(0, plus);
  if (domain === "gmail.com" || domain === "googlemail.com") {
    local = local.replaceAll(".", "") || local;
    domain = "gmail.com";
  }
  return `${local}@${domain}`;
}
