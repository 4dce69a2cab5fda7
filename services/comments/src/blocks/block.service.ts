import { InvalidInput, NotFound, newId } from "@parlor/kit";
import { writeTransaction } from "@parlor/kit/store";
import { mailboxKey } from "@parlor/validation";
import type { Kysely } from "kysely";
import { recordAudit } from "../audit/audit.repository.ts";
import { CommentNotFound } from "../comments/comment.errors.ts";
import { findComment } from "../comments/comment.repository.ts";
import type { BlockKind, CommentRow, CommentsDb } from "../db/schema.ts";
import type { ModerationService } from "../moderation/moderation.service.ts";
import { addBlock, type BlockRow, domainsOf, listBlocks, removeBlock } from "./block.repository.ts";

type AuthorKind = "email" | "domain" | "client";

/** What a block of this kind would hold for a comment's author (null when the comment has nothing of that kind). */
function authorValue(row: CommentRow, kind: AuthorKind): string | null {
  const email = row.author_email?.toLowerCase() ?? null;
  if (kind === "client") return row.client_hash;
  if (kind === "email") return email ? mailboxKey(email) : null;
  return email ? (domainsOf(email)[0] ?? null) : null;
}

export function toBlockView(row: BlockRow) {
  return { id: row.id, kind: row.kind, value: row.value, note: row.note, createdAt: row.created_at };
}
export type BlockView = ReturnType<typeof toBlockView>;

/**
 * The block lists. A blocked address, domain or client has its comments filed as spam, answered like success; a
 * blocked word holds a comment with the `blocked_word` flag, as BLOCKED_WORDS does. Each change of a list is
 * audited (who, which kind; never the value, which may be an address).
 */
export function createBlockService(deps: {
  db: Kysely<CommentsDb>;
  clock: { now(): Date };
  moderation: ModerationService;
  events: { emit(event: string, fields: Record<string, unknown>): void };
}) {
  const { db, clock } = deps;

  async function add(kind: BlockKind, value: string, note: string | null, actor: string) {
    const row: BlockRow = {
      id: newId(clock.now().getTime()),
      kind,
      value,
      note,
      created_at: clock.now().toISOString(),
    };
    const result = await writeTransaction(db, async (trx) => {
      const r = await addBlock(trx, row);
      if (r.created) {
        await recordAudit(trx, { actor, action: "block.add", subject: r.block.id, detail: kind, at: clock.now() });
      }
      return r;
    });
    if (result.created) deps.events.emit("block.added", { id: row.id, kind });
    return { block: toBlockView(result.block), created: result.created };
  }

  /** The value of a kind from a comment's author; an issue naming `commentId` when the comment has none. */
  async function valueFromComment(kind: AuthorKind, commentId: string) {
    const row = await findComment(db, commentId);
    if (!row) throw new InvalidInput([{ path: "commentId", message: "must be the id of a comment" }]);
    const value = authorValue(row, kind);
    if (!value) {
      const what = kind === "client" ? "a client hash" : "an email";
      throw new InvalidInput([{ path: "commentId", message: `names a comment without ${what}` }]);
    }
    return value;
  }

  async function list(kind?: BlockKind) {
    return (await listBlocks(db, kind)).map(toBlockView);
  }

  /** Removes a block (404 when there is none with this id). */
  async function remove(id: string, actor: string) {
    const removed =
      /^[0-9A-Za-z]{1,32}$/.test(id) &&
      (await writeTransaction(db, async (trx) => {
        if (!(await removeBlock(trx, id))) return false;
        await recordAudit(trx, { actor, action: "block.remove", subject: id, at: clock.now() });
        return true;
      }));
    if (!removed) throw new NotFound(`No block with id ${id}.`);
    deps.events.emit("block.removed", { id });
  }

  /** "Block this author": blocks the comment's address and client (as `kinds` say) and files the comment as spam. */
  async function blockAuthor(id: string, kinds: AuthorKind[], note: string | undefined, actor: string) {
    const row = await findComment(db, id);
    if (!row || row.deleted_at !== null) throw new CommentNotFound(id);
    const blocks: BlockView[] = [];
    for (const kind of new Set(kinds)) {
      const value = authorValue(row, kind);
      if (value) blocks.push((await add(kind, value, note ?? `from comment ${id}`, actor)).block);
    }
    const comment = await deps.moderation.decide(id, "spam", actor);
    return { blocks, comment };
  }

  return { add, valueFromComment, list, remove, blockAuthor };
}
export type BlockService = ReturnType<typeof createBlockService>;
