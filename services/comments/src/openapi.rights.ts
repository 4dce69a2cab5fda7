import { ModeratorName, type RouteDoc } from "@parlor/kit";
import { Problem } from "@parlor/validation";
import { z } from "zod";
import { ReaderRequest } from "./readers/reader.routes.ts";

// The OpenAPI entries of moderators' tokens, the audit log and readers' rights (kept apart from openapi.ts).
const problem = (description: string) => ({ description, schema: Problem });
const bad = { 400: problem("invalid input: `errors` names every bad field") };
const admin = { 401: problem("missing, wrong or revoked token") };
const ownerOnly = {
  ...admin,
  403: problem("a moderator's token: only the owner's token (ADMIN_TOKEN) manages moderators"),
};
const Token = z.object({ name: z.string(), token: z.string(), createdAt: z.string() });
const Moderator = z.object({
  name: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
const AuditEntry = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  subject: z.string(),
  uri: z.string().nullable(),
  statusBefore: z.string().nullable(),
  statusAfter: z.string().nullable(),
  detail: z.string().nullable(),
});

export const rightsRoutes: RouteDoc[] = [
  {
    method: "get",
    path: "/v1/admin/comments/moderators",
    summary: "The named moderators: created, last used, revoked (owner only; tokens are never shown again).",
    admin: true,
    responses: {
      200: { description: "moderators", schema: z.object({ moderators: z.array(Moderator) }) },
      ...ownerOnly,
    },
  },
  {
    method: "post",
    path: "/v1/admin/comments/moderators",
    summary: "Create a named moderator's token, returned this once (owner only).",
    admin: true,
    body: z.object({ name: ModeratorName }),
    responses: {
      201: { description: "the token", schema: Token },
      ...bad,
      ...ownerOnly,
      409: problem("that name already has a live token"),
    },
  },
  {
    method: "post",
    path: "/v1/admin/comments/moderators/{name}/rotate",
    summary: "Replace a moderator's token (the old one stops working at once); owner only.",
    admin: true,
    responses: { 201: { description: "the new token", schema: Token }, ...bad, ...ownerOnly },
  },
  {
    method: "delete",
    path: "/v1/admin/comments/moderators/{name}",
    summary: "Revoke a moderator's token at once, on every instance (owner only).",
    admin: true,
    responses: { 204: { description: "revoked" }, ...ownerOnly, 404: problem("no such moderator") },
  },
  {
    method: "get",
    path: "/v1/admin/comments/audit",
    summary: "The audit log, newest first: who did what to which comment, status before and after.",
    admin: true,
    query: z.object({
      limit: z.number().optional(),
      cursor: z.string().optional(),
      actor: z.string().optional(),
      subject: z.string().optional(),
    }),
    responses: {
      200: {
        description: "entries",
        schema: z.object({ entries: z.array(AuditEntry), nextCursor: z.string().nullable() }),
      },
      ...bad,
      ...admin,
    },
  },
  {
    method: "post",
    path: "/v1/comments/me/requests",
    summary:
      "A reader asks, by address, for an export or the erasure of what the comments hold about it. Always the same 202; a link is mailed to a known address.",
    body: ReaderRequest,
    responses: {
      202: { description: "accepted", schema: z.object({ status: z.literal("accepted"), message: z.string() }) },
      ...bad,
      429: problem("rate limited"),
    },
  },
  {
    method: "post",
    path: "/comments/me/export",
    summary: "With the mailed link's token (form): everything held about the address, as a JSON download.",
    responses: { 200: { description: "the export" }, 400: { description: "the link is expired or not valid" } },
  },
  {
    method: "post",
    path: "/comments/me/erase",
    summary: "With the mailed link's single-use token (form): erase the address's comments and the address everywhere.",
    responses: { 200: { description: "erased" }, 400: { description: "the link is expired, used or not valid" } },
  },
];
