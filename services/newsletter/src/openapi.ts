import { buildOpenApi, type RouteDoc } from "@parlor/kit/http";
import { moderatorRouteDocs } from "@parlor/kit/moderators";
import { readerRightsDocs } from "@parlor/kit/rights";
import {
  DeliveryEvent,
  IssueEdit,
  LinkToken,
  NewIssue,
  NewSubscription,
  NewTopic,
  Problem,
  SendIssue,
  SubscriberStatus,
  TestSend,
  TopicEdit,
  TopicSlugs,
} from "@parlor/validation";
import { z } from "zod";
import { ArchivePageQuery, ArchiveQuery } from "./issues/issue.schemas.ts";
import { READER_REQUEST_PATH, ReaderRequest } from "./readers/reader.routes.ts";
import { SubscriberQuery } from "./subscribers/subscriber.schemas.ts";

const problem = (description: string) => ({ description, schema: Problem });
const bad = { 400: problem("invalid input: `errors` names every bad field") };
const admin = { 401: problem("missing or wrong admin token (WWW-Authenticate: Bearer)") };
const limited = { 429: problem("rate limited (Retry-After)") };
const page = (description: string) => ({ description: `${description} (an HTML page)`, types: ["text/html"] });
/** A JSON answer for `Accept: application/json`, an HTML page for a browser. */
const either = (description: string, schema: z.ZodType) => ({ description, schema, types: ["text/html"] });

const Subscriber = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  status: SubscriberStatus,
  source: z.string().nullable(),
  flags: z.array(z.string()),
  reason: z.string().nullable().describe("why a bounced or complained address is suppressed"),
  createdAt: z.string(),
  confirmedAt: z.string().nullable(),
  unsubscribedAt: z.string().nullable(),
});
const Issue = z.object({
  id: z.string(),
  slug: z.string(),
  subject: z.string(),
  markdown: z.string(),
  topics: z.array(z.string()).describe("the slugs of the topics it goes to; empty: every active subscriber"),
  status: z.enum(["draft", "scheduled", "sending", "sent"]),
  scheduledAt: z.string().nullable(),
  startedAt: z.string().nullable(),
  sentAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  webUrl: z.string(),
  recipients: z.number().int(),
  sent: z.number().int(),
  failed: z.number().int(),
  pending: z.number().int(),
  cancelled: z.number().int().describe("queued, then dropped: unsubscribed, bounced or erased before sending"),
});
const Rendered = z.object({ subject: z.string(), html: z.string(), text: z.string() });
const RenderedMail = Rendered.extend({
  headers: z.record(z.string(), z.string()).describe("List-Unsubscribe and the other list headers the email carries"),
});
const Token = z.object({ token: LinkToken });
const Topic = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  subscribers: z
    .number()
    .int()
    .describe("active subscribers who follow it: those who chose it and those who follow every topic"),
});
const Preferences = z.object({
  status: z.enum(["active", "not_subscribed"]),
  topics: z.array(z.string()).describe("the slugs chosen; empty: every topic, including topics added later"),
});

const routes: RouteDoc[] = [
  {
    method: "get",
    path: "/v1/subscriptions/consent",
    summary:
      "The consent wording for the reader's language (`lang`, else Accept-Language) and its version: show the text by the consent box and post the version as `consentVersion`, so the consent record keeps the words shown.",
    query: z.object({ lang: z.string().optional().describe("a language tag (`es`, `pt-BR`); else Accept-Language") }),
    responses: {
      200: {
        description: "the wording",
        schema: z.object({
          locale: z.string().describe("the language the wording was chosen for"),
          text: z.string(),
          version: z.string().describe("16 hex digits; changes whenever the wording does"),
        }),
      },
    },
  },
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
    path: "/v1/issues",
    summary: "Sent issues, newest first.",
    query: ArchiveQuery,
    responses: {
      200: {
        description: "the archive",
        schema: z.object({
          issues: z.array(z.object({ slug: z.string(), subject: z.string(), sentAt: z.string() })),
          nextCursor: z.string().nullable(),
        }),
      },
      ...bad,
    },
  },
  {
    method: "get",
    path: "/v1/issues/{slug}",
    summary: "One sent issue as a web page (JSON with Accept: application/json).",
    responses: {
      200: either("the issue", Rendered.extend({ slug: z.string(), sentAt: z.string() })),
      404: problem("no such sent issue"),
    },
  },
  {
    method: "get",
    path: "/newsletter/archive",
    summary:
      "The archive as a web page readers browse: sent issues, newest first, 20 a page (`cursor` from the page's " +
      "“Older issues” link), each linking to its page, with the site's name and a link back to the blog.",
    query: ArchivePageQuery,
    responses: { 200: page("the archive"), 400: problem("a cursor this service did not write") },
  },
  {
    method: "get",
    path: "/newsletter/archive.atom",
    summary: "The archive as an Atom feed (RFC 4287): the newest 50 sent issues, each with its HTML.",
    responses: { 200: { description: "the feed", types: ["application/atom+xml"] } },
  },
  {
    method: "get",
    path: "/v1/admin/newsletter/subscribers",
    summary: "Subscribers, oldest first, by status (pending_review is the moderation queue), with a search.",
    admin: true,
    query: SubscriberQuery,
    responses: {
      200: {
        description: "a page",
        schema: z.object({ subscribers: z.array(Subscriber), nextCursor: z.string().nullable() }),
      },
      ...bad,
      ...admin,
    },
  },
  {
    method: "get",
    path: "/v1/admin/newsletter/subscribers/{id}",
    summary: "One subscriber.",
    admin: true,
    responses: {
      200: { description: "the subscriber", schema: Subscriber },
      ...admin,
      404: problem("no such subscriber"),
    },
  },
  ...(["approve", "reject"] as const).map(
    (a): RouteDoc => ({
      method: "post",
      path: `/v1/admin/newsletter/subscribers/{id}/${a}`,
      summary:
        a === "approve"
          ? "Let a held signup through: the confirmation email goes out. Idempotent."
          : "Reject a held or unconfirmed signup. Idempotent.",
      admin: true,
      responses: {
        200: { description: "the subscriber", schema: Subscriber },
        ...admin,
        404: problem("no such subscriber"),
        409: problem("not in a state this applies to"),
      },
    }),
  ),
  {
    method: "delete",
    path: "/v1/admin/newsletter/subscribers/{id}",
    summary:
      "Erase a person: row, consent records, deliveries, every email and .eml file; only a keyed hash stays on the suppression list.",
    admin: true,
    responses: { 204: { description: "erased" }, ...admin, 404: problem("no such subscriber") },
  },
  {
    method: "get",
    path: "/v1/admin/newsletter/subscribers.csv",
    summary:
      "Every subscriber as CSV (text/csv, streamed): email,name,status,source,createdAt,confirmedAt,unsubscribedAt,flags,reason.",
    admin: true,
    responses: { 200: { description: "the subscribers", types: ["text/csv"] }, ...admin },
  },
  {
    method: "get",
    path: "/v1/admin/newsletter/consent.csv",
    summary:
      "Every consent record as CSV (text/csv, streamed): email,status,kind,consentedAt,source,clientAddress,consentText.",
    admin: true,
    responses: { 200: { description: "the consent records", types: ["text/csv"] }, ...admin },
  },
  {
    method: "post",
    path: "/v1/admin/newsletter/subscribers.csv",
    summary:
      "Import CSV (text/csv, header line with at least `email`, up to 10 MiB). Known, suppressed and repeated addresses are skipped; `active` needs `confirmedAt`; nobody is mailed.",
    admin: true,
    responses: {
      200: {
        description: "the report",
        schema: z.object({
          added: z.number(),
          skipped: z.number(),
          invalid: z.array(z.object({ line: z.number(), reason: z.string() })),
          unconfirmed: z.number(),
        }),
      },
      ...bad,
      ...admin,
      413: problem("over 10 MiB"),
      415: problem("not text/csv"),
    },
  },
  {
    method: "post",
    path: "/v1/admin/newsletter/webhooks/bounces",
    summary:
      "Bounce and complaint events: the generic shape (`{type, email, permanent?, reason?}` or `{events: [...]}`), Amazon SES through SNS (text/plain JSON), or Postmark. The admin token or WEBHOOK_TOKEN, as Bearer or Basic password; WEBHOOK_TOKEN alone as ?token= (the admin token there: 401).",
    admin: true,
    body: z.union([DeliveryEvent, z.object({ events: z.array(DeliveryEvent) })]),
    responses: {
      200: {
        description: "what was done",
        schema: z.object({
          processed: z.number(),
          suppressed: z.number(),
          ignored: z.number(),
          provider: z.string().optional().describe("whose format the events came in (generic, ses, postmark)"),
          subscription: z
            .string()
            .optional()
            .describe("Amazon SNS asked to confirm a subscription: an operator opens it"),
        }),
      },
      ...bad,
      ...admin,
    },
  },
  {
    method: "get",
    path: "/v1/admin/newsletter/topics",
    summary: "Every topic, with how many active subscribers follow it (`everyTopic`: those who follow them all).",
    admin: true,
    responses: {
      200: {
        description: "topics",
        schema: z.object({ topics: z.array(Topic), everyTopic: z.number().int() }),
      },
      ...admin,
    },
  },
  {
    method: "post",
    path: "/v1/admin/newsletter/topics",
    summary:
      "Define a topic. Subscribers who chose no topic follow it at once; the slug names it in forms, CSV files and issues.",
    admin: true,
    body: NewTopic,
    responses: {
      201: { description: "the topic", schema: Topic },
      ...bad,
      ...admin,
      409: problem("the slug is taken"),
    },
  },
  {
    method: "patch",
    path: "/v1/admin/newsletter/topics/{id}",
    summary: "Rename a topic or change its description (the slug stays).",
    admin: true,
    body: TopicEdit,
    responses: {
      200: { description: "the topic", schema: Topic },
      ...bad,
      ...admin,
      404: problem("no such topic"),
    },
  },
  {
    method: "get",
    path: "/v1/admin/newsletter/issues",
    summary: "Every issue, newest first, with its progress.",
    admin: true,
    responses: { 200: { description: "issues", schema: z.object({ issues: z.array(Issue) }) }, ...admin },
  },
  {
    method: "post",
    path: "/v1/admin/newsletter/issues",
    summary: "Draft an issue from Markdown.",
    admin: true,
    body: NewIssue,
    responses: { 201: { description: "the draft", schema: Issue }, ...bad, ...admin },
  },
  {
    method: "post",
    path: "/v1/admin/newsletter/issues/preview",
    summary: "Render unsaved Markdown as the email would look.",
    admin: true,
    body: NewIssue,
    responses: { 200: { description: "the email", schema: RenderedMail }, ...bad, ...admin },
  },
  {
    method: "get",
    path: "/v1/admin/newsletter/issues/{id}",
    summary: "An issue and its progress: recipients, sent, failed, pending, cancelled.",
    admin: true,
    responses: { 200: { description: "the issue", schema: Issue }, ...admin, 404: problem("no such issue") },
  },
  {
    method: "patch",
    path: "/v1/admin/newsletter/issues/{id}",
    summary: "Change a draft's subject or Markdown.",
    admin: true,
    body: IssueEdit,
    responses: {
      200: { description: "the issue", schema: Issue },
      ...bad,
      ...admin,
      404: problem("no such issue"),
      409: problem("not a draft"),
    },
  },
  {
    method: "get",
    path: "/v1/admin/newsletter/issues/{id}/preview",
    summary: "The email as a subscriber gets it (HTML; JSON with Accept: application/json).",
    admin: true,
    responses: { 200: either("the email", RenderedMail), ...admin, 404: problem("no such issue") },
  },
  {
    method: "post",
    path: "/v1/admin/newsletter/issues/{id}/test",
    summary: "One test copy to one address.",
    admin: true,
    body: TestSend,
    responses: {
      202: { description: "queued", schema: z.object({ status: z.literal("queued") }) },
      ...bad,
      ...admin,
      404: problem("no such issue"),
    },
  },
  {
    method: "post",
    path: "/v1/admin/newsletter/issues/{id}/send",
    summary: "Send to every active subscriber now, or at `at`. Each gets exactly one copy; a second send is 409.",
    admin: true,
    body: SendIssue,
    responses: {
      202: { description: "sending or scheduled", schema: Issue },
      ...bad,
      ...admin,
      404: problem("no such issue"),
      409: problem("already sent or scheduled, or no postal address configured"),
    },
  },
  {
    method: "post",
    path: "/v1/admin/newsletter/issues/{id}/cancel",
    summary: "Turn a scheduled issue back into a draft.",
    admin: true,
    responses: {
      200: { description: "the draft", schema: Issue },
      ...admin,
      404: problem("no such issue"),
      409: problem("not scheduled"),
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
