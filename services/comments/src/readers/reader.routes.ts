import { linkToken, parseInput, RateLimited, type RateLimiter, readBody } from "@parlor/kit";
import { Email } from "@parlor/validation";
import { type Context, Hono } from "hono";
import { z } from "zod";
import { wantsHtml } from "../comments/comment.form.ts";
import { LINK_FAILURE, linkPage } from "../notifications/notification.pages.ts";
import { requestFormPage } from "./reader.pages.ts";
import type { ReaderAction, ReaderRights } from "./reader.service.ts";

export const READER_REQUEST_PATH = "/v1/comments/me/requests";
export const ReaderRequest = z.object({
  email: Email,
  action: z.enum(["export", "erase"], { error: "must be export or erase" }),
});

// The same answer whether or not anything is held about the address: no one learns who commented.
const ACCEPTED = {
  status: "accepted",
  message: "If we hold anything about this address, a link has been emailed to it. It works for 24 hours.",
};

const failed = (c: Context, reason: string) =>
  c.html(linkPage({ title: "This link does not work", message: LINK_FAILURE[reason] ?? LINK_FAILURE.malformed }), 400);

/**
 * Readers' rights: `GET /comments/me` (the form), `POST /v1/comments/me/requests {email, action}` → 202, and the
 * pages behind the mailed links, `/comments/me/export` and `/comments/me/erase` (GET shows a button, POST acts).
 */
export function readerRoutes(deps: {
  readers: ReaderRights;
  limit: RateLimiter;
  clientHash: (c: Context) => string;
  site: string;
}) {
  const { readers } = deps;
  const app = new Hono();

  app.get("/comments/me", (c) => c.html(requestFormPage(deps.site)));

  app.post(READER_REQUEST_PATH, async (c) => {
    const verdict = await deps.limit.consume(deps.clientHash(c));
    if (!verdict.allowed) throw new RateLimited(verdict.retryAfterSeconds);
    const { data, isForm } = await readBody(c, { forms: true });
    const input = parseInput(ReaderRequest, data);
    await readers.request(input.email, input.action);
    if (wantsHtml(c, isForm)) return c.html(linkPage({ title: "Check your email", message: ACCEPTED.message }), 202);
    return c.json(ACCEPTED, 202);
  });

  const page = (action: ReaderAction) => (c: Context) => {
    const token = c.req.query("token") ?? "";
    const link = readers.peek(token, action);
    if (!link.ok) return failed(c, link.reason);
    const erase = action === "erase";
    return c.html(
      linkPage({
        title: erase ? "Erase your comments?" : "Your comments data",
        message: erase
          ? `Every comment written with ${link.payload.email} loses its text and name, and the address is forgotten everywhere. This cannot be undone.`
          : `Download everything the comments hold about ${link.payload.email}, as a JSON file.`,
        button: { label: erase ? "Erase everything" : "Download my data", action: `/comments/me/${action}`, token },
      }),
    );
  };
  app.get("/comments/me/export", page("export"));
  app.get("/comments/me/erase", page("erase"));

  app.post("/comments/me/export", async (c) => {
    const result = await readers.exportData(await linkToken(c));
    if (!result.ok) return failed(c, result.reason);
    c.header("Content-Disposition", 'attachment; filename="comments-data.json"');
    c.header("Cache-Control", "no-store");
    return c.json(result.data);
  });

  app.post("/comments/me/erase", async (c) => {
    const result = await readers.erase(await linkToken(c));
    if (!result.ok) return failed(c, result.reason);
    return c.html(
      linkPage({
        title: "Erased",
        message: `${result.erased.comments} comment(s) erased. The address is forgotten; only a record that an erasure happened remains.`,
      }),
    );
  });

  return app;
}
