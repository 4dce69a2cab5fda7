import { type SmtpSink, startSmtpSink } from "@parlor/mail/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createTestApp,
  linkIn,
  mailsTo,
  PUBLIC_URL,
  rawHeader,
  subscribe,
  subscriberByEmail,
  tokenOf,
} from "./helpers.ts";

let smtp: SmtpSink;
beforeEach(async () => {
  smtp = await startSmtpSink();
});
afterEach(async () => {
  await smtp.close();
});
const app = (overrides = {}) => createTestApp(overrides, { smtp });

async function subscribedWithLink(email = "ann@example.com") {
  const t = await app();
  await subscribe(t, smtp, email);
  const welcome = mailsTo(smtp, email).at(-1);
  const header = String(welcome && rawHeader(welcome, "list-unsubscribe"));
  const target = (/<([^>]+)>/.exec(header)?.[1] ?? "").slice(PUBLIC_URL.length);
  return { t, target };
}

describe("unsubscribing", () => {
  it("shows a page with one button on GET, and changes nothing", async () => {
    const { t, target } = await subscribedWithLink();
    const page = await t.call("GET", target);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html.match(/<button/g)).toHaveLength(1);
    expect(html).toContain(`action="${target}"`);
    expect((await subscriberByEmail(t, "ann@example.com"))?.status).toBe("active");
  });

  it("unsubscribes with the RFC 8058 one-click POST: 200, no redirect, no cookie", async () => {
    const { t, target } = await subscribedWithLink();
    const res = await t.call("POST", target, "List-Unsubscribe=One-Click", {
      "Content-Type": "application/x-www-form-urlencoded",
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("location")).toBeNull();
    expect(res.headers.get("set-cookie")).toBeNull();
    const row = await subscriberByEmail(t, "ann@example.com");
    expect(row).toMatchObject({ status: "unsubscribed", unsubscribed_at: t.clock.now().toISOString() });
    // a second POST (mail clients retry) is as good as the first
    expect(
      (
        await t.call("POST", target, "List-Unsubscribe=One-Click", {
          "Content-Type": "application/x-www-form-urlencoded",
        })
      ).status,
    ).toBe(200);
  });

  it("takes the one-click body as multipart too, and the page's button", async () => {
    const { t, target } = await subscribedWithLink();
    const body = new FormData();
    body.set("List-Unsubscribe", "One-Click");
    const res = await t.app.request(target, { method: "POST", body, headers: { "X-Forwarded-For": "10.1.1.1" } });
    expect(res.status).toBe(200);
    expect((await subscriberByEmail(t, "ann@example.com"))?.status).toBe("unsubscribed");
    const { t: t2, target: target2 } = await subscribedWithLink("bob@example.com");
    expect((await t2.form(target2, { "List-Unsubscribe": "One-Click" })).status).toBe(200);
    expect((await subscriberByEmail(t2, "bob@example.com"))?.status).toBe("unsubscribed");
  });

  it("refuses a forged link with 400", async () => {
    const { t, target } = await subscribedWithLink();
    const forged = `${target.slice(0, -4)}AAAA`;
    expect((await t.call("GET", forged)).status).toBe(400);
    const res = await t.call("POST", forged, "List-Unsubscribe=One-Click", {
      "Content-Type": "application/x-www-form-urlencoded",
    });
    expect(res.status).toBe(400);
    expect((await subscriberByEmail(t, "ann@example.com"))?.status).toBe("active");
  });

  it("mails an unsubscribed person again only after a new signup and confirmation", async () => {
    const { t, target } = await subscribedWithLink();
    await t.form(target, { "List-Unsubscribe": "One-Click" });
    const before = mailsTo(smtp, "ann@example.com").length;
    await t.call("POST", "/v1/subscriptions", { email: "ann@example.com", consent: true });
    expect((await subscriberByEmail(t, "ann@example.com"))?.status).toBe("pending");
    await t.deliver();
    const mails = mailsTo(smtp, "ann@example.com");
    expect(mails).toHaveLength(before + 1);
    expect(mails.at(-1)?.subject).toMatch(/^Confirm/);
    const link = linkIn(mails.at(-1)?.text, "/v1/subscriptions/confirm");
    expect((await t.form("/v1/subscriptions/confirm", { token: tokenOf(link) })).status).toBe(200);
    expect((await subscriberByEmail(t, "ann@example.com"))?.status).toBe("active");
  });
});
