import { createRoute } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { z } from "zod";
import { readBody } from "../http/body.ts";
import { badInputResponse, jsonContent, needsAdminResponse, problemResponse } from "../http/route-docs.ts";
import { addRoute, routes } from "../http/routes.ts";
import { actingModerator, ModeratorName, ModeratorNameText, type ModeratorStore, requireOwner } from "./moderators.ts";

const ownerOnly = {
  ...needsAdminResponse,
  403: problemResponse("a moderator's token: only the owner's token (ADMIN_TOKEN) manages moderators"),
};
const Token = z.object({ name: z.string(), token: z.string(), createdAt: z.string() });
const Moderator = z.object({
  name: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
/** Before any validation: a moderator's token gets its 403 whatever it sent. */
const owner: MiddlewareHandler = async (c, next) => {
  requireOwner(c);
  await next();
};

/** The routes' descriptions under `base`; the operation ids are the same in both services (one document each). */
function moderatorRouteDefs(base: string) {
  return {
    list: createRoute({
      method: "get",
      path: base,
      operationId: "listModerators",
      summary: "The named moderators: created, last used, revoked (owner only; tokens are never shown again).",
      middleware: owner,
      responses: {
        200: { description: "moderators", content: jsonContent(z.object({ moderators: z.array(Moderator) })) },
        ...ownerOnly,
      },
    }),
    create: createRoute({
      method: "post",
      path: base,
      operationId: "createModerator",
      summary: "Create a named moderator's token, returned this once (owner only).",
      middleware: owner,
      request: { body: { required: true, content: jsonContent(z.object({ name: ModeratorName })) } },
      responses: {
        201: { description: "the token", content: jsonContent(Token) },
        ...badInputResponse,
        ...ownerOnly,
        409: problemResponse("that name already has a live token"),
      },
    }),
    rotate: createRoute({
      method: "post",
      path: `${base}/{name}/rotate`,
      operationId: "rotateModeratorToken",
      summary: "Replace a moderator's token (the old one stops working at once); owner only.",
      middleware: owner,
      // A new token needs a name that reads as no reserved actor.
      request: { params: z.object({ name: ModeratorName }) },
      responses: {
        201: { description: "the new token", content: jsonContent(Token) },
        ...badInputResponse,
        ...ownerOnly,
      },
    }),
    revoke: createRoute({
      method: "delete",
      path: `${base}/{name}`,
      operationId: "revokeModerator",
      summary: "Revoke a moderator's token at once, on every instance (owner only).",
      middleware: owner,
      // Revoking names one that exists, whatever it reads as.
      request: { params: z.object({ name: ModeratorNameText }) },
      responses: {
        204: { description: "revoked" },
        ...badInputResponse,
        ...ownerOnly,
        404: problemResponse("no such moderator"),
      },
    }),
  };
}

/**
 * The owner's endpoints for moderators' tokens under `base` (e.g. `/v1/admin/comments/moderators`):
 * `POST base {name}` → 201 with the token (shown this once), `GET base` → the list, `POST base/:name/rotate`
 * → 201 with a new token, `DELETE base/:name` → 204 (revoked at once). A moderator's own token gets 403.
 */
export function moderatorRoutes(deps: { moderators: ModeratorStore; base: string }) {
  const { moderators, base } = deps;
  const app = routes();
  const route = moderatorRouteDefs(base);

  addRoute(app, route.list, async (c) => c.json({ moderators: await moderators.list() }, 200));

  addRoute(app, route.create, async (c) => {
    const { name } = c.req.valid("json");
    const created = await moderators.issue(name, actingModerator(c), { action: "token.create" });
    return c.json({ name: created.name, token: created.token, createdAt: created.createdAt }, 201);
  });

  addRoute(app, route.rotate, async (c) => {
    await readBody(c);
    const { name } = c.req.valid("param");
    const created = await moderators.issue(name, actingModerator(c), { rotate: true, action: "token.rotate" });
    return c.json({ name: created.name, token: created.token, createdAt: created.createdAt }, 201);
  });

  addRoute(app, route.revoke, async (c) => {
    await moderators.revoke(c.req.valid("param").name, actingModerator(c));
    return c.body(null, 204);
  });

  return app;
}
