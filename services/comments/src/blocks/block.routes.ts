import { InvalidInput, NotFound, newId } from "@parlor/kit";
import { parseInput, type RequestVars, readBody } from "@parlor/kit/http";
import { actingModerator } from "@parlor/kit/moderators";
import { writeTransaction } from "@parlor/kit/store";
import { mailboxKey } from "@parlor/validation";
import { Hono } from "hono";
import type { Kysely } from "kysely";
import { recordAudit } from "../audit/audit.repository.ts";
import { CommentNotFound, commentIdParam } from "../comments/comment.errors.ts";
import { findComment } from "../comments/comment.repository.ts";
import type { CommentRow, CommentsDb } from "../db/schema.ts";
import type { ModerationService } from "../moderation/moderation.service.ts";
import { addBlock, type BlockRow, domainsOf, listBlocks, removeBlock } from "./block.repository.ts";
import { BlockAuthor, BlockKind, blockValue, NewBlock } from "./block.schemas.ts";

/** What a block of this kind would hold for a comment's author (null when the comment has nothing of that kind). */
function authorValue(row: CommentRow, kind: "email" | "domain" | "client"): string | null {
  const email = row.author_email?.toLowerCase() ?? null;
  if (kind === "client") return row.client_hash;
  if (kind === "email") return email ? mailboxKey(email) : null;
  return email ? (domainsOf(email)[0] ?? null) : null;
}

export function toBlockView(row: BlockRow) {
  return { id: row.id, kind: row.kind, value: row.value, note: row.note, createdAt: row.created_at };
}

/**
 * The block lists under `/v1/admin/comments/blocks` (inside the prefix the proxy already routes to this service).
 * A blocked address, domain or client has its comments filed as spam, answered like success; a blocked word
 * holds a comment with the `blocked_word` flag, as BLOCKED_WORDS does.
 */
export function blockRoutes(deps: {
  db: Kysely<CommentsDb>;
  clock: { now(): Date };
  moderation: ModerationService;
  events: { emit(event: string, fields: Record<string, unknown>): void };
}) {
  const app = new Hono<{ Variables: RequestVars }>();
  const { db } = deps;

  // Each change of a list is audited (who, which kind; never the value, which may be an address).
  async function add(kind: BlockRow["kind"], value: string, note: string | null, actor: string) {
    const row: BlockRow = {
      id: newId(deps.clock.now().getTime()),
      kind,
      value,
      note,
      created_at: deps.clock.now().toISOString(),
    };
    const result = await writeTransaction(db, async (trx) => {
      const r = await addBlock(trx, row);
      if (r.created) {
        await recordAudit(trx, { actor, action: "block.add", subject: r.block.id, detail: kind, at: deps.clock.now() });
      }
      return r;
    });
    if (result.created) deps.events.emit("block.added", { id: row.id, kind });
    return result;
  }

  /** The value of a kind from a comment's author; an issue naming `commentId` when the comment has none. */
  async function valueFromComment(kind: "email" | "domain" | "client", commentId: string) {
    const row = await findComment(db, commentId);
    if (!row) throw new InvalidInput([{ path: "commentId", message: "must be the id of a comment" }]);
    const value = authorValue(row, kind);
    if (!value) {
      const what = kind === "client" ? "a client hash" : "an email";
      throw new InvalidInput([{ path: "commentId", message: `names a comment without ${what}` }]);
    }
    return value;
  }

  app.get("/v1/admin/comments/blocks", async (c) => {
    const kind = c.req.query("kind");
    const parsed = kind === undefined ? undefined : parseInput(BlockKind, kind);
    return c.json({ blocks: (await listBlocks(db, parsed)).map(toBlockView) });
  });

  app.post("/v1/admin/comments/blocks", async (c) => {
    const input = parseInput(NewBlock, (await readBody(c)).data);
    let value: string;
    if (input.value !== undefined) {
      const parsed = blockValue(input.kind, input.value);
      if (!parsed.success) {
        throw new InvalidInput(parsed.error.issues.map((i) => ({ path: "value", message: i.message })));
      }
      value = parsed.data;
    } else {
      value = await valueFromComment(input.kind as "email" | "domain" | "client", input.commentId as string);
    }
    const { block, created } = await add(input.kind, value, input.note ?? null, actingModerator(c));
    return c.json(toBlockView(block), created ? 201 : 200);
  });

  app.delete("/v1/admin/comments/blocks/:id", async (c) => {
    const id = c.req.param("id");
    const removed =
      /^[0-9A-Za-z]{1,32}$/.test(id) &&
      (await writeTransaction(db, async (trx) => {
        if (!(await removeBlock(trx, id))) return false;
        await recordAudit(trx, {
          actor: actingModerator(c),
          action: "block.remove",
          subject: id,
          at: deps.clock.now(),
        });
        return true;
      }));
    if (!removed) throw new NotFound(`No block with id ${id}.`);
    deps.events.emit("block.removed", { id });
    return c.body(null, 204);
  });

  /** "Block this author": blocks the comment's address and client (by default) and files the comment as spam. */
  app.post("/v1/admin/comments/:id/block", async (c) => {
    const id = commentIdParam(c);
    const input = parseInput(BlockAuthor, (await readBody(c)).data);
    const row = await findComment(db, id);
    if (!row || row.deleted_at !== null) throw new CommentNotFound(id);
    const blocks = [];
    for (const kind of new Set(input.kinds)) {
      const value = authorValue(row, kind);
      if (value)
        blocks.push(
          toBlockView((await add(kind, value, input.note ?? `from comment ${id}`, actingModerator(c))).block),
        );
    }
    const comment = await deps.moderation.decide(id, "spam", actingModerator(c));
    return c.json({ blocks, comment });
  });

  return app;
}
