import { liveAnswers } from "@parlor/kit/testing/openapi-answers";
import { type SmtpSink, startSmtpSink } from "@parlor/mail/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLinks } from "../src/links.ts";
import {
  ADMIN_TOKEN,
  createTestApp,
  linkIn,
  mailsTo,
  PUBLIC_URL,
  sentIssue,
  tokenOf,
  WEBHOOK_TOKEN,
} from "./helpers.ts";

// Every operation of the served document, called with what a client would send (the happy path and the main
// documented errors), each answer held against the document by ajv (@parlor/kit/testing/openapi-answers). An
// operation added to the document and not exercised here fails the last assertion: add its calls below.
let smtp: SmtpSink;
beforeEach(async () => {
  smtp = await startSmtpSink();
});
afterEach(async () => {
  await smtp.close();
});

describe("the newsletter's live answers", () => {
  it("match the served OpenAPI document, for every documented operation", async () => {
    const t = await createTestApp(
      { MODERATOR_EMAIL: "moderator@blog.example", RATE_LIMIT: { points: 2, windowMs: 60_000 } },
      { smtp },
    );
    const { go, admin, form, check, outcome } = await liveAnswers(t, ADMIN_TOKEN);
    const json = { Accept: "application/json" };
    const html = { Accept: "text/html" };
    /** The newest link to `path` mailed to `to`. */
    const mailed = (to: string, path: string) =>
      linkIn(
        mailsTo(smtp, to)
          .reverse()
          .find((m) => m.text?.includes(`${PUBLIC_URL}${path}?`))?.text,
        path,
      );
    const links = createLinks({ linkKey: t.secrets.linkKey, publicUrl: () => PUBLIC_URL, clock: t.clock });

    // Operators.
    await go(200, "GET", "/healthz");
    await go(200, "GET", "/metrics");

    // Topics, so that signups and preferences have some to choose.
    const topic = await (
      await admin(201, "POST", "/v1/admin/newsletter/topics", { slug: "sleep", name: "Sleep" })
    ).json();
    await admin(409, "POST", "/v1/admin/newsletter/topics", { slug: "sleep", name: "Sleep again" });
    await admin(400, "POST", "/v1/admin/newsletter/topics", { slug: "Not A Slug!" });
    await admin(200, "PATCH", `/v1/admin/newsletter/topics/${topic.id}`, { name: "Sleep and rest" });
    await admin(404, "PATCH", "/v1/admin/newsletter/topics/01NOSUCHTOPIC0000000000000", { name: "x" });
    await admin(200, "GET", "/v1/admin/newsletter/topics");
    await go(401, "GET", "/v1/admin/newsletter/topics");

    // The consent wording, by `lang` and by Accept-Language.
    await go(200, "GET", "/v1/subscriptions/consent?lang=es");
    await go(200, "GET", "/v1/subscriptions/consent", undefined, { "Accept-Language": "de" });

    // A signup: JSON, a form post from an article, bad input, the wrong type, too large, too often.
    await go(202, "POST", "/v1/subscriptions", {
      email: "ann@example.com",
      name: "Ann",
      consent: true,
      topics: ["sleep"],
    });
    await form(303, "/v1/subscriptions", { email: "bob@example.com", consent: "on", source: "/blog/sleep" }, html);
    await go(400, "POST", "/v1/subscriptions", { email: "not an address", consent: false });
    await go(415, "POST", "/v1/subscriptions", "email=x", { "Content-Type": "text/plain" });
    await go(413, "POST", "/v1/subscriptions", { email: "a@example.com", consent: true, name: "x".repeat(70_000) });
    const same = { "X-Forwarded-For": "192.0.2.77" };
    for (const n of [1, 2])
      await go(202, "POST", "/v1/subscriptions", { email: `r${n}@example.com`, consent: true }, same);
    await go(429, "POST", "/v1/subscriptions", { email: "r3@example.com", consent: true }, same);

    // The confirmation link: its page, then its button (JSON, and a browser's form).
    await t.deliver();
    const confirm = mailed("ann@example.com", "/v1/subscriptions/confirm");
    await go(200, "GET", confirm, undefined, html);
    await go(400, "GET", "/v1/subscriptions/confirm?token=forged", undefined, html);
    await go(200, "POST", "/v1/subscriptions/confirm", { token: tokenOf(confirm) }, json);
    const bob = mailed("bob@example.com", "/v1/subscriptions/confirm");
    await form(200, "/v1/subscriptions/confirm", { token: tokenOf(bob) }, html);
    await go(400, "POST", "/v1/subscriptions/confirm", { token: "forged" }, json);
    await form(400, "/v1/subscriptions/confirm", { token: "forged" }, html);

    // The subscribers, as moderators see them.
    const list = await (await admin(200, "GET", "/v1/admin/newsletter/subscribers?limit=50")).json();
    const ann = list.subscribers.find((s: { email: string }) => s.email === "ann@example.com");
    await admin(400, "GET", "/v1/admin/newsletter/subscribers?status=asleep");
    await go(401, "GET", "/v1/admin/newsletter/subscribers");
    await admin(200, "GET", "/v1/admin/newsletter/stats");
    await admin(200, "GET", `/v1/admin/newsletter/subscribers/${ann.id}`);
    await admin(404, "GET", "/v1/admin/newsletter/subscribers/01NOSUCHSUBSCRIBER00000000");
    await go(202, "POST", "/v1/subscriptions", { email: "info@clinic.example", consent: true }); // held: a role address
    const held = (await (await admin(200, "GET", "/v1/admin/newsletter/subscribers?status=pending_review")).json())
      .subscribers[0];
    await admin(200, "POST", `/v1/admin/newsletter/subscribers/${held.id}/approve`);
    await admin(404, "POST", "/v1/admin/newsletter/subscribers/01NOSUCHSUBSCRIBER00000000/approve");
    await admin(200, "POST", `/v1/admin/newsletter/subscribers/${held.id}/reject`);
    await admin(409, "POST", `/v1/admin/newsletter/subscribers/${ann.id}/reject`);
    await admin(404, "POST", "/v1/admin/newsletter/subscribers/01NOSUCHSUBSCRIBER00000000/reject");
    await admin(200, "GET", "/v1/admin/newsletter/subscribers.csv");
    await admin(200, "GET", "/v1/admin/newsletter/consent.csv");
    const csv = { "Content-Type": "text/csv" };
    await admin(200, "POST", "/v1/admin/newsletter/subscribers.csv", "email,name\ncsv@example.com,Cee\nnope,x\n", csv);
    await admin(400, "POST", "/v1/admin/newsletter/subscribers.csv", "", csv);
    await admin(415, "POST", "/v1/admin/newsletter/subscribers.csv", { email: "x@example.com" });

    // The preference page behind every issue's footer.
    const prefs = links.preferencesUrl(ann.id).slice(PUBLIC_URL.length);
    await go(200, "GET", prefs, undefined, html);
    await go(200, "GET", prefs, undefined, json);
    await go(400, "GET", "/v1/subscriptions/preferences?token=forged", undefined, json);
    await go(200, "POST", prefs, { topics: ["sleep"] }, json);
    await form(200, prefs, { topics: "sleep" }, html);
    await go(400, "POST", prefs, { topics: ["no-such-topic"] }, json);

    // Issues: draft, preview, edit, test, send, cancel, and the public archive.
    const draft = await (
      await admin(201, "POST", "/v1/admin/newsletter/issues", { subject: "Sleep", markdown: "# Sleep\n\nMore of it." })
    ).json();
    await admin(400, "POST", "/v1/admin/newsletter/issues", { subject: "" });
    await admin(200, "POST", "/v1/admin/newsletter/issues/preview", { subject: "Draft", markdown: "*hi*" });
    await admin(400, "POST", "/v1/admin/newsletter/issues/preview", {});
    await admin(200, "PATCH", `/v1/admin/newsletter/issues/${draft.id}`, { subject: "Sleep, again" });
    await admin(400, "PATCH", `/v1/admin/newsletter/issues/${draft.id}`, { subject: 7 });
    await admin(404, "PATCH", "/v1/admin/newsletter/issues/01NOSUCHISSUE0000000000000", { subject: "x" });
    await admin(200, "GET", `/v1/admin/newsletter/issues/${draft.id}`);
    await admin(404, "GET", "/v1/admin/newsletter/issues/01NOSUCHISSUE0000000000000");
    await admin(200, "GET", `/v1/admin/newsletter/issues/${draft.id}/preview`, undefined, html);
    await admin(200, "GET", `/v1/admin/newsletter/issues/${draft.id}/preview`, undefined, json);
    await admin(404, "GET", "/v1/admin/newsletter/issues/01NOSUCHISSUE0000000000000/preview");
    await admin(202, "POST", `/v1/admin/newsletter/issues/${draft.id}/test`, { to: "editor@blog.example" });
    await admin(400, "POST", `/v1/admin/newsletter/issues/${draft.id}/test`, { to: "nobody" });
    await admin(404, "POST", "/v1/admin/newsletter/issues/01NOSUCHISSUE0000000000000/test", { to: "e@blog.example" });
    const later = new Date(t.clock.now().getTime() + 86_400_000).toISOString();
    await admin(202, "POST", `/v1/admin/newsletter/issues/${draft.id}/send`, { at: later });
    await admin(409, "POST", `/v1/admin/newsletter/issues/${draft.id}/send`, {});
    await admin(409, "PATCH", `/v1/admin/newsletter/issues/${draft.id}`, { subject: "Too late" });
    await admin(200, "POST", `/v1/admin/newsletter/issues/${draft.id}/cancel`);
    await admin(409, "POST", `/v1/admin/newsletter/issues/${draft.id}/cancel`);
    await admin(400, "POST", `/v1/admin/newsletter/issues/${draft.id}/send`, { at: "tomorrow" });
    await admin(404, "POST", "/v1/admin/newsletter/issues/01NOSUCHISSUE0000000000000/send", {});
    await admin(404, "POST", "/v1/admin/newsletter/issues/01NOSUCHISSUE0000000000000/cancel");
    await admin(202, "POST", `/v1/admin/newsletter/issues/${draft.id}/send`, {});
    await t.dispatcher.runOnce();
    await admin(200, "GET", "/v1/admin/newsletter/issues");
    const slug = await sentIssue(t, 1, "Archived");
    await go(200, "GET", "/v1/issues?limit=10");
    await go(400, "GET", "/v1/issues?limit=many");
    await go(200, "GET", `/v1/issues/${slug}`, undefined, html);
    await go(200, "GET", `/v1/issues/${slug}`, undefined, json);
    await go(404, "GET", "/v1/issues/no-such-issue", undefined, json);
    await go(200, "GET", "/newsletter/archive");
    await go(400, "GET", "/newsletter/archive?cursor=forged");
    await go(200, "GET", "/newsletter/archive.atom");

    // Bounces and complaints from the relay.
    const hook = "/v1/admin/newsletter/webhooks/bounces";
    const bounce = { type: "bounce", email: "csv@example.com", permanent: true, reason: "550 no such user" };
    await go(200, "POST", hook, bounce, { Authorization: `Bearer ${WEBHOOK_TOKEN}` });
    await go(200, "POST", `${hook}?token=${WEBHOOK_TOKEN}`, JSON.stringify({ events: [bounce] }), {
      "Content-Type": "text/plain",
    });
    await go(400, "POST", hook, "{not json", {
      Authorization: `Bearer ${WEBHOOK_TOKEN}`,
      "Content-Type": "application/json",
    });
    await go(401, "POST", hook, bounce);

    // Named moderators.
    const mods = "/v1/admin/newsletter/moderators";
    const made = await (await admin(201, "POST", mods, { name: "Alice" })).json();
    await admin(409, "POST", mods, { name: "Alice" });
    await admin(400, "POST", mods, { name: "" });
    await admin(200, "GET", mods);
    await go(403, "GET", mods, undefined, { Authorization: `Bearer ${made.token}` });
    await admin(201, "POST", `${mods}/Alice/rotate`);
    await admin(204, "DELETE", `${mods}/Alice`);
    await admin(404, "DELETE", `${mods}/Nobody`);

    // Readers' rights: the form, the request, the mailed link's page and button.
    await go(200, "GET", "/newsletter/me", undefined, html);
    await go(202, "POST", "/v1/subscriptions/me/requests", { email: "ann@example.com", action: "export" });
    await go(400, "POST", "/v1/subscriptions/me/requests", { email: "ann", action: "burn" });
    await t.deliver();
    const exportLink = mailed("ann@example.com", "/newsletter/me/export");
    await go(200, "GET", exportLink, undefined, html);
    await go(400, "GET", "/newsletter/me/export?token=forged", undefined, html);
    await form(200, "/newsletter/me/export", { token: tokenOf(exportLink) });
    await form(400, "/newsletter/me/export", { token: "forged" });
    await go(202, "POST", "/v1/subscriptions/me/requests", { email: "bob@example.com", action: "erase" });
    await t.deliver();
    const eraseLink = mailed("bob@example.com", "/newsletter/me/erase");
    await go(200, "GET", eraseLink, undefined, html);
    await form(200, "/newsletter/me/erase", { token: tokenOf(eraseLink) });
    await form(400, "/newsletter/me/erase", { token: "forged" });

    // Unsubscribing: the link's page, RFC 8058's one-click POST (urlencoded and multipart), a forged link.
    const unsubscribe = links.unsubscribeUrl(ann.id).slice(PUBLIC_URL.length);
    await go(200, "GET", unsubscribe, undefined, html);
    await go(400, "GET", "/v1/subscriptions/unsubscribe?token=forged", undefined, html);
    await form(200, unsubscribe, { "List-Unsubscribe": "One-Click" });
    const multipart = new FormData();
    multipart.set("List-Unsubscribe", "One-Click");
    const res = await t.app.request(unsubscribe, { method: "POST", body: multipart, headers: json });
    await check("POST", unsubscribe, res);
    expect(res.status).toBe(200);
    await form(400, "/v1/subscriptions/unsubscribe?token=forged", { "List-Unsubscribe": "One-Click" }, json);

    await admin(409, "POST", `/v1/admin/newsletter/subscribers/${ann.id}/approve`); // unsubscribed: not held

    // Erasure by the operator, last: it removes Ann.
    await admin(204, "DELETE", `/v1/admin/newsletter/subscribers/${ann.id}`);
    await admin(404, "DELETE", `/v1/admin/newsletter/subscribers/${ann.id}`);

    const { statuses, problems, unexercised } = outcome();
    expect(statuses).toEqual([]);
    expect(problems).toEqual([]);
    expect(unexercised).toEqual([]);
  });
});
