import { Problem } from "@parlor/validation";
import { z } from "zod";
import { ModeratorName } from "./moderators.ts";
import type { RouteDoc } from "./openapi.ts";

// The OpenAPI entries of what the kit serves for both services: named moderators' tokens and readers' rights.
export const problemDoc = (description: string) => ({ description, schema: Problem });
export const badInput = { 400: problemDoc("invalid input: `errors` names every bad field") };
export const needsAdmin = { 401: problemDoc("missing, wrong or revoked token") };
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

/** The readers'-rights routes of readerRightsRoutes(): `holder` says whose data it is ("the comments"). */
export function readerRightsDocs(options: {
  base: string;
  requestPath: string;
  holder: string;
  body: z.ZodType;
  exportHas?: string;
  erases: string;
}): RouteDoc[] {
  return [
    {
      method: "post",
      path: options.requestPath,
      summary: `A reader asks, by address, for an export or the erasure of what ${options.holder} holds about it. Always the same 202; a link is mailed to a known address.`,
      body: options.body,
      responses: {
        202: { description: "accepted", schema: z.object({ status: z.literal("accepted"), message: z.string() }) },
        ...badInput,
        429: problemDoc("rate limited"),
      },
    },
    {
      method: "post",
      path: `${options.base}/me/export`,
      summary: `With the mailed link's token (form): everything held about the address${options.exportHas ?? ""}, as a JSON download.`,
      responses: { 200: { description: "the export" }, 400: { description: "the link is expired or not valid" } },
    },
    {
      method: "post",
      path: `${options.base}/me/erase`,
      summary: `With the mailed link's token (form): ${options.erases}.`,
      responses: { 200: { description: "erased" }, 400: { description: "the link is expired, used or not valid" } },
    },
  ];
}
