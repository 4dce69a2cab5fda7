import { createRoute } from "@hono/zod-openapi";
import {
  addRoute,
  badInputResponse,
  jsonOrPageResponse,
  jsonResponse,
  needsAdminResponse,
  problemResponse,
  routes,
} from "@parlor/kit/http";
import type { OutboxMessage } from "@parlor/mail";
import { Id, IssueEdit, NewIssue, SendIssue, TestSend } from "@parlor/validation";
import { z } from "zod";
import { IssueNotFound } from "./issue.errors.ts";
import { Issue, RenderedMail } from "./issue.schemas.ts";
import type { IssueService } from "./issue.service.ts";

const BASE = "/v1/admin/newsletter/issues";
const byId = { params: z.object({ id: z.string() }) };
const body = <T extends z.ZodType>(schema: T) => ({ body: { content: { "application/json": { schema } } } });
const noIssue = { 404: problemResponse("no such issue") };

const listIssues = createRoute({
  method: "get",
  path: BASE,
  operationId: "listIssues",
  summary: "Every issue, newest first, with its progress.",
  responses: { 200: jsonResponse("issues", z.object({ issues: z.array(Issue) })), ...needsAdminResponse },
});

const createIssue = createRoute({
  method: "post",
  path: BASE,
  operationId: "createIssue",
  summary: "Draft an issue from Markdown.",
  request: body(NewIssue),
  responses: { 201: jsonResponse("the draft", Issue), ...badInputResponse, ...needsAdminResponse },
});

const previewMarkdown = createRoute({
  method: "post",
  path: `${BASE}/preview`,
  operationId: "previewIssueMarkdown",
  summary: "Render unsaved Markdown as the email would look.",
  request: body(NewIssue),
  responses: { 200: jsonResponse("the email", RenderedMail), ...badInputResponse, ...needsAdminResponse },
});

const getIssue = createRoute({
  method: "get",
  path: `${BASE}/{id}`,
  operationId: "getIssue",
  summary: "An issue and its progress: recipients, sent, failed, pending, cancelled.",
  request: byId,
  responses: { 200: jsonResponse("the issue", Issue), ...needsAdminResponse, ...noIssue },
});

const editIssue = createRoute({
  method: "patch",
  path: `${BASE}/{id}`,
  operationId: "editIssue",
  summary: "Change a draft's subject, Markdown or topics.",
  request: { ...byId, ...body(IssueEdit) },
  responses: {
    200: jsonResponse("the issue", Issue),
    ...badInputResponse,
    ...needsAdminResponse,
    ...noIssue,
    409: problemResponse("not a draft"),
  },
});

const previewIssue = createRoute({
  method: "get",
  path: `${BASE}/{id}/preview`,
  operationId: "previewIssue",
  summary: "The email as a subscriber gets it (its HTML; JSON with Accept: application/json).",
  request: byId,
  responses: { 200: jsonOrPageResponse("the email", RenderedMail), ...needsAdminResponse, ...noIssue },
});

const testIssue = createRoute({
  method: "post",
  path: `${BASE}/{id}/test`,
  operationId: "testIssue",
  summary: "One test copy to one address.",
  request: { ...byId, ...body(TestSend) },
  responses: {
    202: jsonResponse("queued", z.object({ status: z.literal("queued") })),
    ...badInputResponse,
    ...needsAdminResponse,
    ...noIssue,
  },
});

const sendIssue = createRoute({
  method: "post",
  path: `${BASE}/{id}/send`,
  operationId: "sendIssue",
  summary: "Send to every active subscriber now, or at `at`. Each gets exactly one copy; a second send is 409.",
  request: { ...byId, ...body(SendIssue) },
  responses: {
    202: jsonResponse("sending or scheduled", Issue),
    ...badInputResponse,
    ...needsAdminResponse,
    ...noIssue,
    409: problemResponse("already sent or scheduled, or no postal address configured"),
  },
});

const cancelIssue = createRoute({
  method: "post",
  path: `${BASE}/{id}/cancel`,
  operationId: "cancelIssue",
  summary: "Turn a scheduled issue back into a draft.",
  request: { ...byId, ...body(z.object({})) },
  responses: {
    200: jsonResponse("the draft", Issue),
    ...needsAdminResponse,
    ...noIssue,
    409: problemResponse("not scheduled"),
  },
});

/** The editor's endpoints under `/v1/admin/newsletter/issues` (the admin guard in app.ts runs first). */
export function issueRoutes(deps: { issues: IssueService }) {
  const { issues } = deps;
  const app = routes();
  const idOf = (raw: string) => {
    if (!Id.safeParse(raw).success) throw new IssueNotFound(raw);
    return raw;
  };
  const mailView = (mail: OutboxMessage) => ({
    subject: mail.subject,
    html: mail.html,
    text: mail.text,
    headers: (mail.headers ?? {}) as Record<string, string>,
  });

  addRoute(app, listIssues, async (c) => c.json({ issues: await issues.list() }, 200));
  addRoute(app, createIssue, async (c) => c.json(await issues.create(c.req.valid("json")), 201));
  // Renders unsaved Markdown as the email would look: what an editor sees while typing.
  addRoute(app, previewMarkdown, (c) => c.json(mailView(issues.previewMarkdown(c.req.valid("json"))), 200));
  addRoute(app, getIssue, async (c) => c.json(await issues.view(idOf(c.req.valid("param").id)), 200));
  addRoute(app, editIssue, async (c) =>
    c.json(await issues.edit(idOf(c.req.valid("param").id), c.req.valid("json")), 200),
  );
  addRoute(app, previewIssue, async (c) => {
    const mail = issues.preview(await issues.load(idOf(c.req.valid("param").id)));
    if ((c.req.header("accept") ?? "").includes("application/json")) return c.json(mailView(mail), 200);
    // The email's own HTML: sanitized body, no scripts. The CSP makes sure of it in the browser too.
    c.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src https:");
    return c.html(mail.html);
  });
  addRoute(app, testIssue, async (c) => {
    await issues.testSend(idOf(c.req.valid("param").id), c.req.valid("json").to);
    return c.json({ status: "queued" as const }, 202);
  });
  addRoute(app, sendIssue, async (c) =>
    c.json(await issues.send(idOf(c.req.valid("param").id), c.req.valid("json").at), 202),
  );
  addRoute(app, cancelIssue, async (c) => c.json(await issues.cancel(idOf(c.req.valid("param").id)), 200));
  return app;
}
