import { buildOpenApi, type RouteDoc } from "@parlor/kit/http";
import { moderatorRouteDocs } from "@parlor/kit/moderators";
import { readerRightsDocs } from "@parlor/kit/rights";
import { LinkToken, NewSubscription, Problem, TopicSlugs } from "@parlor/validation";
import { z } from "zod";
import { READER_REQUEST_PATH, ReaderRequest } from "./readers/reader.routes.ts";

const problem = (description: string) => ({ description, schema: Problem });
const _bad = { 400: problem("invalid input: `errors` names every bad field") };
const _admin = { 401: problem("missing or wrong admin token (WWW-Authenticate: Bearer)") };
const limited = { 429: problem("rate limited (Retry-After)") };
const page = (description: string) => ({ description: `${description} (an HTML page)`, types: ["text/html"] });
/** A JSON answer for `Accept: application/json`, an HTML page for a browser. */
const either = (description: string, schema: z.ZodType) => ({ description, schema, types: ["text/html"] });

const Token = z.object({ token: LinkToken });
const Preferences = z.object({
  status: z.enum(["active", "not_subscribed"]),
  topics: z.array(z.string()).describe("the slugs chosen; empty: every topic, including topics added later"),
});

const routes: RouteDoc[] = [
  {
    method: "post",
    path: "/v1/subscriptions",
    summary:
      "Sign up (JSON or an HTML form). Always 202 {status: pending}, whatever the address's state; a confirmation email goes out unless the address is active or the screen holds the signup for review.",
    body: NewSubscription,
    responses: {
      202: { description: "accepted", schema: z.object({ status: z.literal("pending") }) },
      303: { description: "form post: back to the page, ?parlor=pending#newsletter" },
      400: either("invalid input: `errors` names every bad field (a form post gets a page)", Problem),
      413: problem("body too large"),
      415: problem("unsupported content type"),
      ...limited,
    },
  },
  {
    method: "get",
    path: "/v1/subscriptions/confirm",
    summary: "The confirmation link's page, with one Confirm button. A GET never changes anything.",
    query: Token,
    responses: {
      200: page("the Confirm button"),
      400: page("expired, used or forged: a page offering to sign up again"),
    },
  },
  {
    method: "post",
    path: "/v1/subscriptions/confirm",
    summary: "Confirm (form or JSON `token`): the person is active, the consent record kept, a welcome email queued.",
    body: Token,
    responses: {
      200: either("HTML page, or JSON with Accept: application/json", z.object({ status: z.literal("active") })),
      400: either("expired, used or forged token (an HTML page for browsers)", Problem),
    },
  },
  {
    method: "get",
    path: "/v1/subscriptions/preferences",
    summary:
      "The preference page behind every issue's footer link (signed token): the subscriber's topics as a form, and a button that unsubscribes from everything. A GET changes nothing.",
    query: Token,
    responses: {
      200: either("HTML page, or JSON with Accept: application/json", Preferences),
      400: either("forged link", Problem),
    },
  },
  {
    method: "post",
    path: "/v1/subscriptions/preferences",
    summary:
      "Save the topics chosen (a form with one `topics` field per ticked box, or JSON). Every topic ticked: every topic, including topics added later; none: 400 (unsubscribing is its own link).",
    query: Token,
    body: z.object({ topics: TopicSlugs }),
    responses: {
      200: either("saved (HTML page, or JSON)", Preferences),
      400: either("forged link, or `topics` names no topic or one that does not exist", Problem),
    },
  },
  {
    method: "get",
    path: "/v1/subscriptions/unsubscribe",
    summary: "The unsubscribe link's page, with one button.",
    query: Token,
    responses: { 200: page("the Unsubscribe button"), 400: page("forged link") },
  },
  {
    method: "post",
    path: "/v1/subscriptions/unsubscribe",
    summary:
      "RFC 8058 one-click unsubscribe: `List-Unsubscribe=One-Click` (urlencoded or multipart) to the header's URL. 200, no redirect, no cookies.",
    query: Token,
    responses: {
      200: either(
        "unsubscribed (HTML, or JSON with Accept: application/json)",
        z.object({ status: z.literal("unsubscribed") }),
      ),
      400: either("forged link", Problem),
    },
  },
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
