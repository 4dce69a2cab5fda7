import { Hono } from "hono";
import { z } from "zod";
import { parseInput, readBody } from "../http/body.ts";
import type { RequestVars } from "../http/request-log.ts";
import { actingModerator, ModeratorName, ModeratorNameText, type ModeratorStore, requireOwner } from "./moderators.ts";

const CreateModerator = z.object({ name: ModeratorName });

/**
 * The owner's endpoints for moderators' tokens under `base` (e.g. `/v1/admin/comments/moderators`):
 * `POST base {name}` → 201 with the token (shown this once), `GET base` → the list, `POST base/:name/rotate`
 * → 201 with a new token, `DELETE base/:name` → 204 (revoked at once). A moderator's own token gets 403.
 */
export function moderatorRoutes(deps: { moderators: ModeratorStore; base: string }) {
  const { moderators, base } = deps;
  const app = new Hono<{ Variables: RequestVars }>();
  // A new token needs a name that reads as no reserved actor; revoking names one that exists, whatever it reads as.
  const nameParam = (raw: string, schema: z.ZodType<string> = ModeratorName) =>
    parseInput(z.object({ name: schema }), { name: raw }).name;

  app.get(base, async (c) => {
    requireOwner(c);
    return c.json({ moderators: await moderators.list() });
  });

  app.post(base, async (c) => {
    requireOwner(c);
    const { name } = parseInput(CreateModerator, (await readBody(c)).data);
    const created = await moderators.issue(name, actingModerator(c), { action: "token.create" });
    return c.json({ name: created.name, token: created.token, createdAt: created.createdAt }, 201);
  });

  app.post(`${base}/:name/rotate`, async (c) => {
    requireOwner(c);
    await readBody(c);
    const name = nameParam(c.req.param("name"));
    const created = await moderators.issue(name, actingModerator(c), { rotate: true, action: "token.rotate" });
    return c.json({ name: created.name, token: created.token, createdAt: created.createdAt }, 201);
  });

  app.delete(`${base}/:name`, async (c) => {
    requireOwner(c);
    await moderators.revoke(nameParam(c.req.param("name"), ModeratorNameText), actingModerator(c));
    return c.body(null, 204);
  });

  return app;
}
