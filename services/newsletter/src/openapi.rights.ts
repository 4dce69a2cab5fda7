import { ModeratorName, type RouteDoc } from "@parlor/kit";
import { Problem } from "@parlor/validation";
import { z } from "zod";
import { ReaderRequest } from "./readers/reader.routes.ts";

// The OpenAPI entries of moderators' tokens and subscribers' rights (kept apart from openapi.ts).
const problem = (description: string) => ({ description, schema: Problem });
const bad = { 400: problem("invalid input: `errors` names every bad field") };
const ownerOnly = {
  401: problem("missing, wrong or revoked token"),
  403: problem("a moderator's token: only the owner's token (ADMIN_TOKEN) manages moderators"),
};
const Token = z.object({ name: z.string(), token: z.string(), createdAt: z.string() });

export const rightsRoutes: RouteDoc[] = [
  {
    method: "get",
    path: "/v1/admin/newsletter/moderators",
    summary: "The named moderators: created, last used, revoked (owner only).",
    admin: true,
    responses: { 200: { description: "moderators" }, ...ownerOnly },
  },
  {
    method: "post",
    path: "/v1/admin/newsletter/moderators",
    summary: "Create a named moderator's token, returned this once (owner only).",
    admin: true,
    body: z.object({ name: ModeratorName }),
    responses: { 201: { description: "the token", schema: Token }, ...bad, ...ownerOnly, 409: problem("name in use") },
  },
  {
    method: "post",
    path: "/v1/admin/newsletter/moderators/{name}/rotate",
    summary: "Replace a moderator's token; the old one stops working at once (owner only).",
    admin: true,
    responses: { 201: { description: "the new token", schema: Token }, ...bad, ...ownerOnly },
  },
  {
    method: "delete",
    path: "/v1/admin/newsletter/moderators/{name}",
    summary: "Revoke a moderator's token at once (owner only).",
    admin: true,
    responses: { 204: { description: "revoked" }, ...ownerOnly, 404: problem("no such moderator") },
  },
  {
    method: "post",
    path: "/v1/subscriptions/me/requests",
    summary:
      "A subscriber asks, by address, for an export or the erasure of their data. Always the same 202; a link is mailed to a known address.",
    body: ReaderRequest,
    responses: {
      202: { description: "accepted", schema: z.object({ status: z.literal("accepted"), message: z.string() }) },
      ...bad,
      429: problem("rate limited"),
    },
  },
  {
    method: "post",
    path: "/newsletter/me/export",
    summary: "With the mailed link's token (form): everything held about the address, consent record included (JSON).",
    responses: { 200: { description: "the export" }, 400: { description: "the link is expired or not valid" } },
  },
  {
    method: "post",
    path: "/newsletter/me/erase",
    summary: "With the mailed link's token (form): the admin erasure for that address; a keyed suppression hash stays.",
    responses: { 200: { description: "erased" }, 400: { description: "the link is expired or not valid" } },
  },
];
