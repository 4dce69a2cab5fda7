import { createRoute } from "@hono/zod-openapi";
import { InvalidInput } from "@parlor/kit";
import { addRoute, badInputResponse, jsonContent, needsAdminResponse, problemResponse, routes } from "@parlor/kit/http";
import { actingModerator } from "@parlor/kit/moderators";
import { z } from "zod";
import { commentIdParam } from "../comments/comment.errors.ts";
import { AdminCommentSchema } from "../comments/comment.schemas.ts";
import { BlockAuthor, BlockKind, BlockSchema, blockValue, NewBlock } from "./block.schemas.ts";
import type { BlockService } from "./block.service.ts";

const listBlocks = createRoute({
  method: "get",
  path: "/v1/admin/comments/blocks",
  operationId: "listBlocks",
  summary: "The block lists (`?kind=email|domain|client|word` for one).",
  request: { query: z.object({ kind: BlockKind.optional() }) },
  responses: {
    200: { description: "every block (of the kind)", content: jsonContent(z.object({ blocks: z.array(BlockSchema) })) },
    ...badInputResponse,
    ...needsAdminResponse,
  },
});

const addBlock = createRoute({
  method: "post",
  path: "/v1/admin/comments/blocks",
  operationId: "addBlock",
  summary:
    "Block an address, a domain (and its subdomains), a client hash or a word; `commentId` instead of `value` takes it from that comment's author. 201 new, 200 already there.",
  request: { body: { required: true, content: jsonContent(NewBlock) } },
  responses: {
    200: { description: "already blocked", content: jsonContent(BlockSchema) },
    201: { description: "blocked", content: jsonContent(BlockSchema) },
    ...badInputResponse,
    ...needsAdminResponse,
    404: problemResponse("no such comment (`commentId`)"),
  },
});

const removeBlock = createRoute({
  method: "delete",
  path: "/v1/admin/comments/blocks/{id}",
  operationId: "removeBlock",
  summary: "Remove a block.",
  request: { params: z.object({ id: z.string() }) },
  responses: { 204: { description: "removed" }, ...needsAdminResponse, 404: problemResponse("no such block") },
});

const blockAuthor = createRoute({
  method: "post",
  path: "/v1/admin/comments/{id}/block",
  operationId: "blockCommentAuthor",
  summary: "Block this comment's author (by default its address and client) and file the comment as spam.",
  request: { params: z.object({ id: z.string() }), body: { content: jsonContent(BlockAuthor) } },
  responses: {
    200: {
      description: "the blocks and the comment",
      content: jsonContent(z.object({ blocks: z.array(BlockSchema), comment: AdminCommentSchema })),
    },
    ...badInputResponse,
    ...needsAdminResponse,
    404: problemResponse("no such comment"),
  },
});

/** The block lists under `/v1/admin/comments/blocks` (inside the prefix the proxy already routes to this service). */
export function blockRoutes(deps: { blocks: BlockService }) {
  const app = routes();
  const { blocks } = deps;

  addRoute(app, listBlocks, async (c) => c.json({ blocks: await blocks.list(c.req.valid("query").kind) }, 200));

  addRoute(app, addBlock, async (c) => {
    const input = c.req.valid("json");
    let value: string;
    if (input.value !== undefined) {
      const parsed = blockValue(input.kind, input.value);
      if (!parsed.success) {
        throw new InvalidInput(parsed.error.issues.map((i) => ({ path: "value", message: i.message })));
      }
      value = parsed.data;
    } else {
      value = await blocks.valueFromComment(input.kind as "email" | "domain" | "client", input.commentId as string);
    }
    const { block, created } = await blocks.add(input.kind, value, input.note ?? null, actingModerator(c));
    return created ? c.json(block, 201) : c.json(block, 200);
  });

  addRoute(app, removeBlock, async (c) => {
    await blocks.remove(c.req.valid("param").id, actingModerator(c));
    return c.body(null, 204);
  });

  addRoute(app, blockAuthor, async (c) => {
    const id = commentIdParam(c);
    const input = c.req.valid("json");
    return c.json(await blocks.blockAuthor(id, input.kinds, input.note, actingModerator(c)), 200);
  });

  return app;
}
