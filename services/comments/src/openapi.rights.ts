import { badInput, needsAdmin, type RouteDoc } from "@parlor/kit/http";
import { moderatorRouteDocs } from "@parlor/kit/moderators";
import { readerRightsDocs } from "@parlor/kit/rights";
import { z } from "zod";
import { READER_REQUEST_PATH, ReaderRequest } from "./readers/reader.routes.ts";

// The OpenAPI entries of moderators' tokens, the audit log and readers' rights (kept apart from openapi.ts).
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
  ...moderatorRouteDocs("/v1/admin/comments/moderators"),
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
      ...badInput,
      ...needsAdmin,
    },
  },
  ...readerRightsDocs({
    base: "/comments",
    requestPath: READER_REQUEST_PATH,
    holder: "the comments",
    body: ReaderRequest,
    erases: "erase the address's comments and the address everywhere (single use)",
  }),
];
