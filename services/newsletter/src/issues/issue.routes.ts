import { parseInput, type RequestVars, readBody } from "@parlor/kit/http";
import { Id, IssueEdit, NewIssue, SendIssue, TestSend } from "@parlor/validation";
import { Hono } from "hono";
import { IssueNotFound } from "./issue.errors.ts";
import type { IssueService } from "./issue.service.ts";

/** The editor's endpoints under `/v1/admin/newsletter/issues` (the admin guard in app.ts runs first). */
export function issueRoutes(deps: { issues: IssueService }) {
  const { issues } = deps;
  const app = new Hono<{ Variables: RequestVars }>();
  const idOf = (raw: string) => {
    if (!Id.safeParse(raw).success) throw new IssueNotFound(raw);
    return raw;
  };

  app.get("/v1/admin/newsletter/issues", async (c) => c.json({ issues: await issues.list() }));

  app.post("/v1/admin/newsletter/issues", async (c) => {
    const input = parseInput(NewIssue, (await readBody(c)).data);
    return c.json(await issues.create(input), 201);
  });

  // Renders unsaved Markdown as the email would look: what an editor sees while typing.
  app.post("/v1/admin/newsletter/issues/preview", async (c) => {
    const input = parseInput(NewIssue, (await readBody(c)).data);
    const mail = issues.previewMarkdown(input);
    return c.json({ subject: mail.subject, html: mail.html, text: mail.text, headers: mail.headers });
  });

  app.get("/v1/admin/newsletter/issues/:id", async (c) => c.json(await issues.view(idOf(c.req.param("id")))));

  app.patch("/v1/admin/newsletter/issues/:id", async (c) => {
    const input = parseInput(IssueEdit, (await readBody(c)).data);
    return c.json(await issues.edit(idOf(c.req.param("id")), input));
  });

  app.get("/v1/admin/newsletter/issues/:id/preview", async (c) => {
    const mail = issues.preview(await issues.load(idOf(c.req.param("id"))));
    if ((c.req.header("accept") ?? "").includes("application/json")) {
      return c.json({ subject: mail.subject, html: mail.html, text: mail.text, headers: mail.headers });
    }
    // The email's own HTML: sanitized body, no scripts. The CSP makes sure of it in the browser too.
    c.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src https:");
    return c.html(mail.html);
  });

  app.post("/v1/admin/newsletter/issues/:id/test", async (c) => {
    const input = parseInput(TestSend, (await readBody(c)).data);
    await issues.testSend(idOf(c.req.param("id")), input.to);
    return c.json({ status: "queued" as const }, 202);
  });

  app.post("/v1/admin/newsletter/issues/:id/send", async (c) => {
    const input = parseInput(SendIssue, (await readBody(c)).data);
    return c.json(await issues.send(idOf(c.req.param("id")), input.at), 202);
  });

  app.post("/v1/admin/newsletter/issues/:id/cancel", async (c) => {
    await readBody(c);
    return c.json(await issues.cancel(idOf(c.req.param("id"))));
  });

  return app;
}
