import { emailKey, mailboxKey } from "@parlor/validation";
import type { Kysely, Selectable } from "kysely";
import type { BlockKind, CommentBlockTable, CommentsDb } from "../db/schema.ts";

type Db = Kysely<CommentsDb>;
export type BlockRow = Selectable<CommentBlockTable>;

export async function listBlocks(db: Db, kind?: BlockKind): Promise<BlockRow[]> {
  let q = db.selectFrom("comment_block").selectAll();
  if (kind) q = q.where("kind", "=", kind);
  return q.orderBy("kind").orderBy("value").execute();
}

/** Adds a block, or returns the one already there for the same kind and value (adding twice is harmless). */
export async function addBlock(db: Db, row: BlockRow): Promise<{ block: BlockRow; created: boolean }> {
  const res = await db
    .insertInto("comment_block")
    .values(row)
    .onConflict((oc) => oc.columns(["kind", "value"]).doNothing())
    .returning("id")
    .executeTakeFirst();
  if (res) return { block: row, created: true };
  const existing = await db
    .selectFrom("comment_block")
    .selectAll()
    .where("kind", "=", row.kind)
    .where("value", "=", row.value)
    .executeTakeFirstOrThrow();
  return { block: existing, created: false };
}

export async function removeBlock(db: Db, id: string): Promise<boolean> {
  const res = await db.deleteFrom("comment_block").where("id", "=", id).executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}

/** The domain of an address and each parent domain: a block on `example.com` also covers `mail.example.com`. */
export function domainsOf(email: string): string[] {
  const at = email.lastIndexOf("@");
  if (at < 0) return [];
  const labels = email
    .slice(at + 1)
    .toLowerCase()
    .split(".");
  return labels.slice(0, -1).map((_, i) => labels.slice(i).join("."));
}

/**
 * What an author's address is looked up by: its mailbox (`+tag` and gmail dots aside; how blocks are stored since
 * 0013) and, for blocks of a domain, every domain of the address as typed and of its mailbox.
 */
export function authorBlockKeys(email: string | null): { mailbox: string | null; domains: string[] } {
  if (!email) return { mailbox: null, domains: [] };
  const mailbox = mailboxKey(email);
  return { mailbox, domains: [...new Set([...domainsOf(emailKey(email)), ...domainsOf(mailbox)])] };
}

/** Which block list names this author, if any: one indexed lookup on (kind, value). */
export async function blockedAuthor(
  db: Db,
  author: { email: string | null; clientHash: string },
): Promise<BlockKind | null> {
  const { mailbox, domains } = authorBlockKeys(author.email);
  const row = await db
    .selectFrom("comment_block")
    .select("kind")
    .where((eb) =>
      eb.or([
        eb.and([eb("kind", "=", "client"), eb("value", "=", author.clientHash)]),
        ...(mailbox ? [eb.and([eb("kind", "=", "email"), eb("value", "=", mailbox)])] : []),
        ...(domains.length ? [eb.and([eb("kind", "=", "domain"), eb("value", "in", domains)])] : []),
      ]),
    )
    .limit(1)
    .executeTakeFirst();
  return row?.kind ?? null;
}

export async function blockedWords(db: Db): Promise<string[]> {
  const rows = await db.selectFrom("comment_block").select("value").where("kind", "=", "word").execute();
  return rows.map((r) => r.value);
}
