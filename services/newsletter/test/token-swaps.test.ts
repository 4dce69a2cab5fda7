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
  type TestApp,
  tokenOf,
} from "./helpers.ts";

// Tokens moved between people or bent into shape: a signed unsubscribe token names its subscriber, so one
// person's link can never unsubscribe another, and a token whose signed body is swapped is refused.

let smtp: SmtpSink;
beforeEach(async () => {
  smtp = await startSmtpSink();
});
afterEach(async () => {
  await smtp.close();
});

function unsubscribeTokenOf(email: string) {
  const welcome = mailsTo(smtp, email).at(-1);
  const header = String(welcome && rawHeader(welcome, "list-unsubscribe"));
  return tokenOf((/<([^>]+)>/.exec(header)?.[1] ?? "").slice(PUBLIC_URL.length));
}

const oneClick = (t: TestApp, token: string) =>
  t.call("POST", `/v1/subscriptions/unsubscribe?token=${token}`, "List-Unsubscribe=One-Click", {
    "Content-Type": "application/x-www-form-urlencoded",
  });

async function statuses(t: TestApp) {
  return {
    ann: (await subscriberByEmail(t, "ann@example.com"))?.status,
    bob: (await subscriberByEmail(t, "bob@example.com"))?.status,
  };
}

describe("tokens swapped between people or tampered with", () => {
  it("Ann's unsubscribe link unsubscribes Ann only; her signature on Bob's id, or Bob's on hers, is refused", async () => {
    const t = await createTestApp({}, { smtp });
    await subscribe(t, smtp, "ann@example.com");
    await subscribe(t, smtp, "bob@example.com");
    const [annBody, annMac] = unsubscribeTokenOf("ann@example.com").split(".");
    const [bobBody, bobMac] = unsubscribeTokenOf("bob@example.com").split(".");

    for (const forged of [`${bobBody}.${annMac}`, `${annBody}.${bobMac}`, `${bobBody}.`, `${bobBody}`]) {
      const res = await oneClick(t, forged);
      expect(res.status).toBe(400);
    }
    expect(await statuses(t)).toEqual({ ann: "active", bob: "active" });

    expect((await oneClick(t, `${annBody}.${annMac}`)).status).toBe(200);
    expect(await statuses(t)).toEqual({ ann: "unsubscribed", bob: "active" });
  });

  it("a confirmation token is refused as an unsubscribe token, and an unsubscribe token as a confirmation", async () => {
    const t = await createTestApp({}, { smtp });
    await subscribe(t, smtp, "bob@example.com");
    await t.call("POST", "/v1/subscriptions", { email: "ann@example.com", consent: true });
    await t.deliver();
    const confirm = tokenOf(linkIn(mailsTo(smtp, "ann@example.com").at(-1)?.text, "/v1/subscriptions/confirm"));
    expect((await oneClick(t, confirm)).status).toBe(400);
    const unsubscribe = unsubscribeTokenOf("bob@example.com");
    expect((await t.form("/v1/subscriptions/confirm", { token: unsubscribe })).status).toBe(400);
    expect(await statuses(t)).toEqual({ ann: "pending", bob: "active" });
    // Ann's own token still works once, and only once.
    expect((await t.form("/v1/subscriptions/confirm", { token: confirm })).status).toBe(200);
    expect((await t.form("/v1/subscriptions/confirm", { token: confirm })).status).toBe(400);
  });

  it("an unsubscribe link older than its ten-year life is refused", async () => {
    const t = await createTestApp({}, { smtp });
    await subscribe(t, smtp, "ann@example.com");
    const token = unsubscribeTokenOf("ann@example.com");
    t.clock.advance(3651 * 86_400_000);
    expect((await oneClick(t, token)).status).toBe(400);
    expect((await statuses(t)).ann).toBe("active");
  });
});
