import { limitBody, linkToken, parseInput, RateLimited, type RateLimiter, readBody } from "@parlor/kit";
import { Email } from "@parlor/validation";
import { type Context, Hono } from "hono";
import { html } from "hono/html";
import { z } from "zod";
import { messagePage, page } from "../pages/page.ts";
import { wantsHtml } from "../subscriptions/subscription.form.ts";
import type { ReaderAction, ReaderRights } from "./reader.service.ts";

export const READER_REQUEST_PATH = "/v1/subscriptions/me/requests";
export const ReaderRequest = z.object({
  email: Email,
  action: z.enum(["export", "erase"], { error: "must be export or erase" }),
});

// The same answer whether or not the address is subscribed: no one learns who reads the newsletter.
const ACCEPTED = {
  status: "accepted",
  message: "If we hold anything about this address, a link has been emailed to it. It works for 24 hours.",
};
const FAILURE: Record<string, string> = {
  expired: "This link has expired. Ask again for a new one.",
  "wrong-purpose": "This link is not valid here.",
};
const failed = (c: Context, reason: string) =>
  c.html(
    messagePage({
      title: "This link does not work",
      message: FAILURE[reason] ?? "This link is not valid. Copy the whole link from the email.",
    }),
    400,
  );

/**
 * Subscribers' rights: `GET /newsletter/me` (the form), `POST /v1/subscriptions/me/requests {email, action}` →
 * 202, and the pages behind the mailed links, `/newsletter/me/export` and `/newsletter/me/erase`.
 */
export function readerRoutes(deps: {
  readers: ReaderRights;
  limit: RateLimiter;
  clientHash: (c: Context) => string;
  listName: string;
}) {
  const { readers } = deps;
  const app = new Hono();
  app.use("/newsletter/me/*", (c, next) => (c.req.method === "POST" ? limitBody()(c, next) : next()));

  app.get("/newsletter/me", (c) =>
    c.html(
      page(
        "Your subscription data",
        html`<h1>Your subscription data</h1>
<p>Enter the address you subscribed to ${deps.listName} with. We email that address a link; nothing happens until
you open it and press its button.</p>
<form method="post" action="${READER_REQUEST_PATH}">
<label>Email address <input type="email" name="email" required maxlength="254" autocomplete="email"></label>
<fieldset><legend>What do you want?</legend>
<label><input type="radio" name="action" value="export" checked> A copy of everything held about me, consent record included (JSON)</label>
<label><input type="radio" name="action" value="erase"> Erase my subscription and my address</label>
</fieldset>
<button type="submit">Send me the link</button></form>`,
      ),
    ),
  );

  app.post(READER_REQUEST_PATH, async (c) => {
    const verdict = await deps.limit.consume(deps.clientHash(c));
    if (!verdict.allowed) throw new RateLimited(verdict.retryAfterSeconds);
    const { data, isForm } = await readBody(c, { forms: true });
    const input = parseInput(ReaderRequest, data);
    await readers.request(input.email, input.action);
    if (wantsHtml(c, isForm)) return c.html(messagePage({ title: "Check your email", message: ACCEPTED.message }), 202);
    return c.json(ACCEPTED, 202);
  });

  const linkPage = (action: ReaderAction) => (c: Context) => {
    const token = c.req.query("token") ?? "";
    const link = readers.peek(token, action);
    if (!link.ok) return failed(c, link.reason);
    const erase = action === "erase";
    return c.html(
      messagePage({
        title: erase ? "Erase your subscription data?" : "Your subscription data",
        message: erase
          ? `${link.payload.email} is unsubscribed and forgotten: the subscription, its consent record and every email to it. Only a keyed hash stays, so it is never mailed by mistake. This cannot be undone.`
          : `Download everything ${deps.listName} holds about ${link.payload.email}, as a JSON file.`,
        button: {
          label: erase ? "Erase everything" : "Download my data",
          action: `/newsletter/me/${action}`,
          fields: { token },
        },
      }),
    );
  };
  app.get("/newsletter/me/export", linkPage("export"));
  app.get("/newsletter/me/erase", linkPage("erase"));

  app.post("/newsletter/me/export", async (c) => {
    const result = await readers.exportData(await linkToken(c));
    if (!result.ok) return failed(c, result.reason);
    c.header("Content-Disposition", 'attachment; filename="newsletter-data.json"');
    c.header("Cache-Control", "no-store");
    return c.json(result.data);
  });

  app.post("/newsletter/me/erase", async (c) => {
    const result = await readers.erase(await linkToken(c));
    if (!result.ok) return failed(c, result.reason);
    return c.html(
      messagePage({
        title: result.erased ? "Erased" : "Already erased",
        message: result.erased
          ? "The address is forgotten. You will get no more email from us."
          : "Nothing is held about this address any more.",
      }),
    );
  });

  return app;
}
