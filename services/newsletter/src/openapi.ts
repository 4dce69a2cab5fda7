import { buildOpenApi, type RouteDoc } from "@parlor/kit/http";
import { moderatorRouteDocs } from "@parlor/kit/moderators";
import { readerRightsDocs } from "@parlor/kit/rights";
import { z } from "zod";
import { READER_REQUEST_PATH, ReaderRequest } from "./readers/reader.routes.ts";

// What is still described by hand: the kit's routes (health, metrics, moderators' tokens, readers' rights), until
// the kit declares them itself.
const routes: RouteDoc[] = [
  {
    method: "get",
    path: "/healthz",
    summary: "200 while the store answers, 503 otherwise.",
    responses: {
      200: { description: "healthy", schema: z.object({ status: z.literal("ok") }) },
      503: { description: "store unavailable", schema: z.object({ status: z.literal("unavailable") }) },
    },
  },
  {
    method: "get",
    path: "/metrics",
    summary: "Prometheus metrics: requests, subscribers by status, the outbox.",
    responses: { 200: { description: "text exposition format", types: ["text/plain"] } },
  },
  ...moderatorRouteDocs("/v1/admin/newsletter/moderators"),
  ...readerRightsDocs({
    base: "/newsletter",
    requestPath: READER_REQUEST_PATH,
    holder: "the newsletter",
    body: ReaderRequest,
    exportHas: ", consent record included",
    erases: "the admin erasure for that address; a keyed suppression hash stays",
  }),
];

export const openApiDocument = buildOpenApi(
  {
    title: "Parlor newsletter",
    version: "1",
    description: "The newsletter service of Parlor: double opt-in signup, one-click unsubscribe, moderation, issues.",
  },
  routes,
);
