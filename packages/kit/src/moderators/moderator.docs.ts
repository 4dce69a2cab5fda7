import { z } from "zod";
import type { RouteDoc } from "../http/openapi.ts";
import { badInput, needsAdmin, problemDoc } from "../http/route-docs.ts";
import { ModeratorName } from "./moderators.ts";

const ownerOnly = {
  ...needsAdmin,
  403: problemDoc("a moderator's token: only the owner's token (ADMIN_TOKEN) manages moderators"),
};
const Token = z.object({ name: z.string(), token: z.string(), createdAt: z.string() });
const Moderator = z.object({
  name: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

/** The moderator-token routes of moderatorRoutes() under `base` (e.g. /v1/admin/comments/moderators). */
export function moderatorRouteDocs(base: string): RouteDoc[] {
  return [
    {
      method: "get",
      path: base,
      summary: "The named moderators: created, last used, revoked (owner only; tokens are never shown again).",
      admin: true,
      responses: {
        200: { description: "moderators", schema: z.object({ moderators: z.array(Moderator) }) },
        ...ownerOnly,
      },
    },
    {
      method: "post",
      path: base,
      summary: "Create a named moderator's token, returned this once (owner only).",
      admin: true,
      body: z.object({ name: ModeratorName }),
      responses: {
        201: { description: "the token", schema: Token },
        ...badInput,
        ...ownerOnly,
        409: problemDoc("that name already has a live token"),
      },
    },
    {
      method: "post",
      path: `${base}/{name}/rotate`,
      summary: "Replace a moderator's token (the old one stops working at once); owner only.",
      admin: true,
      responses: { 201: { description: "the new token", schema: Token }, ...badInput, ...ownerOnly },
    },
    {
      method: "delete",
      path: `${base}/{name}`,
      summary: "Revoke a moderator's token at once, on every instance (owner only).",
      admin: true,
      responses: { 204: { description: "revoked" }, ...ownerOnly, 404: problemDoc("no such moderator") },
    },
  ];
}
