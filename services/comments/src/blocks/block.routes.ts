import { InvalidInput } from "@parlor/kit";
import { parseInput, type RequestVars, readBody } from "@parlor/kit/http";
import { actingModerator } from "@parlor/kit/moderators";
import { Hono } from "hono";
import { commentIdParam } from "../comments/comment.errors.ts";
import { BlockAuthor, BlockKind, blockValue, NewBlock } from "./block.schemas.ts";
import type { BlockService } from "./block.service.ts";

/** The block lists under `/v1/admin/comments/blocks` (inside the prefix the proxy already routes to this service). */
export function blockRoutes(deps: { blocks: BlockService }) {
  const app = new Hono<{ Variables: RequestVars }>();
  const { blocks } = deps;

  app.get("/v1/admin/comments/blocks", async (c) => {
    const kind = c.req.query("kind");
    return c.json({ blocks: await blocks.list(kind === undefined ? undefined : parseInput(BlockKind, kind)) });
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
      value = await blocks.valueFromComment(input.kind as "email" | "domain" | "client", input.commentId as string);
    }
    const { block, created } = await blocks.add(input.kind, value, input.note ?? null, actingModerator(c));
    return c.json(block, created ? 201 : 200);
  });

  app.delete("/v1/admin/comments/blocks/:id", async (c) => {
    await blocks.remove(c.req.param("id"), actingModerator(c));
    return c.body(null, 204);
  });

  app.post("/v1/admin/comments/:id/block", async (c) => {
    const id = commentIdParam(c);
    const input = parseInput(BlockAuthor, (await readBody(c)).data);
    return c.json(await blocks.blockAuthor(id, input.kinds, input.note, actingModerator(c)));
  });

  return app;
}
