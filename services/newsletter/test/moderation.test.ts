import { type SmtpSink, startSmtpSink } from "@parlor/mail/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ADMIN_TOKEN,
  count,
  createTestApp,
  linkIn,
  mailsTo,
  subscribe,
  subscriberByEmail,
  tokenOf,
} from "./helpers.ts";

const MODERATOR = "moderator@blog.example";
let smtp: SmtpSink;
beforeEach(async () => {
  smtp = await startSmtpSink();
});
afterEach(async () => {
  await smtp.close();
});
const app = (overrides = {}) => createTestApp({ MODERATOR_EMAIL: MODERATOR, ...overrides }, { smtp });

describe("the signup screen and the review queue", () => {
  it("holds a flagged signup, mails it nothing, and sends the confirmation only after approval", async () => {
    const t = await app();
    const res = await t.call("POST", "/v1/subscriptions", { email: "info@clinic.example", consent: true });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ status: "pending" }); // the same answer as anyone
    await t.deliver();
    expect(mailsTo(smtp, "info@clinic.example")).toHaveLength(0);
    const [moderatorMail] = mailsTo(smtp, MODERATOR);
    expect(moderatorMail.subject).toContain("role_address");
    expect(moderatorMail.text).not.toContain("info@clinic.example"); // masked: erasure must not leave it here

    const queue = await (await t.admin("GET", "/v1/admin/newsletter/subscribers?status=pending_review")).json();
    expect(queue.subscribers).toHaveLength(1);
    expect(queue.subscribers[0]).toMatchObject({
      email: "info@clinic.example",
      status: "pending_review",
      flags: ["role_address"],
    });

    const approved = await t.admin("POST", `/v1/admin/newsletter/subscribers/${queue.subscribers[0].id}/approve`);
    expect(approved.status).toBe(200);
    expect((await approved.json()).status).toBe("pending");
    await t.deliver();
    const mails = mailsTo(smtp, "info@clinic.example");
    expect(mails).toHaveLength(1);
    const link = linkIn(mails[0].text, "/v1/subscriptions/confirm");
    expect((await t.form("/v1/subscriptions/confirm", { token: tokenOf(link) })).status).toBe(200);
    expect((await subscriberByEmail(t, "info@clinic.example"))?.status).toBe("active");
    // approving again sends nothing more
    await t.admin("POST", `/v1/admin/newsletter/subscribers/${queue.subscribers[0].id}/approve`);
    await t.deliver();
    expect(mailsTo(smtp, "info@clinic.example")).toHaveLength(2); // confirmation + welcome
  });

  it("holds a burst from one client, and from one /24 network", async () => {
    const t = await app({
      SOFT_RATE_LIMIT: { points: 2, windowMs: 600_000 },
      NETWORK_RATE_LIMIT: { points: 3, windowMs: 600_000 },
    });
    for (let i = 0; i < 3; i++) {
      await t.call(
        "POST",
        "/v1/subscriptions",
        { email: `c${i}@example.com`, consent: true },
        { "X-Forwarded-For": "192.0.2.1" },
      );
    }
    expect((await subscriberByEmail(t, "c1@example.com"))?.status).toBe("pending");
    expect(await subscriberByEmail(t, "c2@example.com")).toMatchObject({
      status: "pending_review",
      flags: "burst_client",
    });
    await t.call(
      "POST",
      "/v1/subscriptions",
      { email: "n1@example.com", consent: true },
      { "X-Forwarded-For": "192.0.2.77" },
    );
    expect(await subscriberByEmail(t, "n1@example.com")).toMatchObject({
      status: "pending_review",
      flags: "burst_network",
    });
  });

  it("holds many signups for one address, disposable domains (built-in and configured) and the honeypot", async () => {
    const t = await app({
      ADDRESS_SOFT_LIMIT: { points: 1, windowMs: 86_400_000 },
      DISPOSABLE_DOMAINS: ["burner.test"],
    });
    await t.call("POST", "/v1/subscriptions", { email: "target@example.com", consent: true });
    await t.call("POST", "/v1/subscriptions", { email: "target@example.com", consent: true });
    expect(await subscriberByEmail(t, "target@example.com")).toMatchObject({
      status: "pending_review",
      flags: "repeat_address",
    });
    await t.call("POST", "/v1/subscriptions", { email: "a@mailinator.com", consent: true });
    await t.call("POST", "/v1/subscriptions", { email: "b@burner.test", consent: true });
    await t.call("POST", "/v1/subscriptions", { email: "bot@example.com", consent: true, company: "ACME" });
    expect((await subscriberByEmail(t, "a@mailinator.com"))?.flags).toBe("disposable");
    expect((await subscriberByEmail(t, "b@burner.test"))?.flags).toBe("disposable");
    expect((await subscriberByEmail(t, "bot@example.com"))?.flags).toBe("honeypot");
    await t.deliver();
    for (const a of ["target@example.com", "a@mailinator.com", "b@burner.test", "bot@example.com"]) {
      expect(mailsTo(smtp, a).length).toBe(a === "target@example.com" ? 1 : 0); // the first signup's confirmation only
    }
    // the moderator hears of each held signup once, but not of honeypot hits (bots fill those all day)
    expect(mailsTo(smtp, MODERATOR)).toHaveLength(3);
  });

  it("holds a signup of a suppressed address", async () => {
    const t = await app();
    await t.admin("POST", "/v1/admin/newsletter/webhooks/bounces", { type: "bounce", email: "gone@example.com" });
    await t.call("POST", "/v1/subscriptions", { email: "gone@example.com", consent: true });
    expect(await subscriberByEmail(t, "gone@example.com")).toMatchObject({
      status: "pending_review",
      flags: "suppressed",
    });
  });

  it("rejects a held signup: nothing is sent, and a later signup is held again", async () => {
    const t = await app();
    await t.call("POST", "/v1/subscriptions", { email: "admin@example.com", consent: true });
    const row = await subscriberByEmail(t, "admin@example.com");
    const res = await t.admin("POST", `/v1/admin/newsletter/subscribers/${row?.id}/reject`, {});
    expect(res.status).toBe(200);
    expect((await res.json()).status).toBe("rejected");
    expect((await t.admin("POST", `/v1/admin/newsletter/subscribers/${row?.id}/reject`)).status).toBe(200);
    await t.call("POST", "/v1/subscriptions", { email: "admin@example.com", consent: true });
    expect((await subscriberByEmail(t, "admin@example.com"))?.status).toBe("pending_review");
    await t.deliver();
    expect(mailsTo(smtp, "admin@example.com")).toHaveLength(0);
  });

  it("answers 404 for unknown ids and 409 for rejecting an active subscriber", async () => {
    const t = await app();
    const active = await subscribe(t, smtp, "ann@example.com");
    expect((await t.admin("POST", "/v1/admin/newsletter/subscribers/01NOPE/approve")).status).toBe(404);
    expect((await t.admin("POST", "/v1/admin/newsletter/subscribers/bad%20id/reject")).status).toBe(404);
    expect((await t.admin("DELETE", "/v1/admin/newsletter/subscribers/01NOPE")).status).toBe(404);
    const res = await t.admin("POST", `/v1/admin/newsletter/subscribers/${active.id}/reject`);
    expect(res.status).toBe(409);
    expect((await subscriberByEmail(t, "ann@example.com"))?.status).toBe("active");
  });
});

describe("listing subscribers", () => {
  it("filters by status, searches, and pages with a cursor", async () => {
    const t = await app({ MODERATOR_EMAIL: undefined });
    for (let i = 0; i < 5; i++) {
      await t.call("POST", "/v1/subscriptions", {
        email: `reader${i}@example.com`,
        name: `Reader ${i}`,
        consent: true,
      });
    }
    await subscribe(t, smtp, "dr.lee@hospital.example");
    const first = await (await t.admin("GET", "/v1/admin/newsletter/subscribers?status=pending&limit=2")).json();
    expect(first.subscribers.map((s: { email: string }) => s.email)).toEqual([
      "reader0@example.com",
      "reader1@example.com",
    ]);
    const second = await (
      await t.admin("GET", `/v1/admin/newsletter/subscribers?status=pending&limit=2&cursor=${first.nextCursor}`)
    ).json();
    expect(second.subscribers.map((s: { email: string }) => s.email)).toEqual([
      "reader2@example.com",
      "reader3@example.com",
    ]);
    const found = await (await t.admin("GET", "/v1/admin/newsletter/subscribers?q=HOSPITAL")).json();
    expect(found.subscribers).toHaveLength(1);
    // % and _ are searched for as typed, not as wildcards.
    for (const q of ["dr_lee", "%25", "reader_"]) {
      const none = await (await t.admin("GET", `/v1/admin/newsletter/subscribers?q=${q}`)).json();
      expect(none.subscribers, q).toEqual([]);
    }
    expect(found.subscribers[0]).toMatchObject({ status: "active", source: null, flags: [] });
    expect(Object.keys(found.subscribers[0])).toEqual(
      expect.arrayContaining(["id", "email", "status", "source", "createdAt", "flags", "confirmedAt"]),
    );
    const bad = await t.admin("GET", "/v1/admin/newsletter/subscribers?status=nope&limit=0&cursor=!!");
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors.map((e: { path: string }) => e.path).sort()).toEqual([
      "cursor",
      "limit",
      "status",
    ]);
  });
});

describe("admin authentication", () => {
  it("answers 401 with WWW-Authenticate for every method and spelling under /v1/admin/", async () => {
    const t = await app();
    const paths = [
      "/v1/admin/newsletter/subscribers",
      "/v1/admin/newsletter/subscribers.csv",
      "/v1/admin/newsletter/subscribers/01X/approve",
      "/v1/admin/newsletter/issues",
      "/v1/admin/newsletter/nothing-here",
      "/V1/ADMIN/newsletter/subscribers",
      "/v1/admin/../admin/newsletter/subscribers",
      "/v1/%61dmin/newsletter/subscribers",
      "//v1//admin/newsletter/subscribers",
    ];
    for (const path of paths) {
      for (const method of ["GET", "POST", "DELETE", "PATCH"]) {
        for (const auth of [undefined, "Bearer wrong-token-wrong-token-wrong", `Basic ${btoa(`x:${ADMIN_TOKEN}`)}`]) {
          const res = await t.call(method, path, undefined, auth ? { Authorization: auth } : {});
          expect(res.status, `${method} ${path} ${auth}`).toBe(401);
          expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
        }
      }
    }
    expect(await count(t, "subscriber")).toBe(0);
  });
});
