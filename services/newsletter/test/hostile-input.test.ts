import {
  anyValue,
  asText,
  clientAddressish,
  deep,
  emailish,
  expectSafe,
  headerSafe,
  nasty,
  pathPart,
  recordHostileInputs,
  runs,
} from "@parlor/kit/testing/hostile-input";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import type { NewsletterDb } from "../src/db/schema.ts";
import { count, createTestApp, ENGINE, type TestApp } from "./helpers.ts";

// Property tests over every public and admin endpoint of the newsletter: whatever arrives, never a 5xx, every
// 4xx problem+json (an HTML page for a browser's form post or link page), and a refused request stores nothing.

const TABLES: (keyof NewsletterDb)[] = [
  "subscriber",
  "subscriber_consent",
  "newsletter_outbox",
  "newsletter_issue",
  "newsletter_suppression",
  "newsletter_delivery",
];

/** Row counts of every table a request could write to. */
async function snapshot(t: TestApp) {
  return Object.fromEntries(await Promise.all(TABLES.map(async (table) => [table, await count(t, table)])));
}

const signupLike = fc.record(
  { email: emailish, name: anyValue, source: anyValue, consent: anyValue, company: anyValue },
  { requiredKeys: [] },
);

const noLimits = {
  RATE_LIMIT: "off",
  SOFT_RATE_LIMIT: "off",
  ADDRESS_RATE_LIMIT: "off",
  ADDRESS_SOFT_LIMIT: "off",
  NETWORK_RATE_LIMIT: "off",
} as const;

afterAll(() => recordHostileInputs(`hostile input: every newsletter endpoint (${ENGINE})`));

describe("hostile input to the newsletter", () => {
  it("POST /v1/subscriptions never answers 5xx and stores nothing it refused", async () => {
    const t = await createTestApp(noLimits as never);
    await fc.assert(
      fc.asyncProperty(fc.oneof(signupLike, anyValue), async (payload) => {
        const before = await snapshot(t);
        const res = await t.call("POST", "/v1/subscriptions", JSON.stringify(payload));
        await expectSafe(res);
        if (res.status !== 202) expect(await snapshot(t)).toEqual(before);
        if (res.status === 202) expect(await res.json()).toEqual({ status: "pending" }); // never an address back
      }),
      { numRuns: runs(300) },
    );
  });

  it("signups and readers' requests from any client address never answer 5xx", async () => {
    const t = await createTestApp();
    await fc.assert(
      fc.asyncProperty(clientAddressish, emailish, nasty, async (ip, email, name) => {
        const headers = { "X-Forwarded-For": headerSafe(ip) };
        await expectSafe(
          await t.call("POST", "/v1/subscriptions", JSON.stringify({ email, name, consent: true }), headers),
        );
        await expectSafe(
          await t.call("POST", "/v1/subscriptions/me/requests", JSON.stringify({ email, action: "export" }), headers),
        );
      }),
      { numRuns: runs(100) },
    );
  });

  it("form signups never answer 5xx, whatever the fields", async () => {
    const t = await createTestApp(noLimits as never);
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.constantFrom("email", "name", "source", "consent", "company", "returnTo"), nasty),
        emailish,
        async (fields, email) => {
          const before = await snapshot(t);
          const res = await t.form("/v1/subscriptions", { email, ...fields }, { Accept: "text/html" });
          await expectSafe(res);
          if (res.status >= 400) expect(await snapshot(t)).toEqual(before);
        },
      ),
      { numRuns: runs(200) },
    );
  });

  it("survives raw bytes, invalid UTF-8, deep nesting and odd content types on every write", async () => {
    const t = await createTestApp(noLimits as never);
    const bodies: [string | Uint8Array<ArrayBuffer>, string][] = [
      [new Uint8Array([0xff, 0xfe, 0x7b, 0x22, 0xc3, 0x28]), "application/json"],
      [deep(100_000), "application/json"],
      [JSON.stringify({ email: "ann@example.com", consent: true, name: deep(3000) }), "application/json"],
      ["email=%FF%FE%40example.com&consent=on&name=%00", "application/x-www-form-urlencoded"],
      ['--x\r\nContent-Disposition: form-data; name="email"\r\n\r\n\u0000\r\n--x--', "multipart/form-data; boundary=x"],
      ["garbage", "multipart/form-data"],
      ["{}", "text/plain"],
      ["{}", "application/json; charset=latin1"],
      ["x".repeat(70 * 1024), "application/json"],
    ];
    const paths = [
      ["POST", "/v1/subscriptions", t.call],
      ["POST", "/v1/subscriptions/confirm", t.call],
      ["POST", "/v1/subscriptions/unsubscribe", t.call],
      ["POST", "/v1/admin/newsletter/issues", t.admin],
      ["POST", "/v1/admin/newsletter/issues/preview", t.admin],
      ["POST", "/v1/admin/newsletter/subscribers.csv", t.admin],
      ["POST", "/v1/admin/newsletter/webhooks/bounces", t.admin],
    ] as const;
    const before = await snapshot(t);
    for (const [method, path, send] of paths) {
      for (const [body, type] of bodies) await expectSafe(await send(method, path, body, { "Content-Type": type }));
    }
    expect(await snapshot(t)).toEqual(before);
  });

  it("confirm and unsubscribe links with any token never answer 5xx or change anyone", async () => {
    const t = await createTestApp(noLimits as never);
    await t.call("POST", "/v1/subscriptions", { email: "ann@example.com", consent: true });
    const before = await t.db.selectFrom("subscriber").select(["id", "status"]).execute();
    await fc.assert(
      fc.asyncProperty(nasty, async (token) => {
        const q = `?token=${pathPart(token)}`;
        for (const path of ["/v1/subscriptions/confirm", "/v1/subscriptions/unsubscribe"]) {
          await expectSafe(await t.call("GET", `${path}${q}`));
          await expectSafe(
            await t.call("POST", `${path}${q}`, "List-Unsubscribe=One-Click", {
              "Content-Type": "application/x-www-form-urlencoded",
            }),
          );
          await expectSafe(await t.form(path, { token }));
          await expectSafe(await t.call("POST", path, { token }, { Accept: "application/json" }));
        }
      }),
      { numRuns: runs(100) },
    );
    expect(await t.db.selectFrom("subscriber").select(["id", "status"]).execute()).toEqual(before);
  });

  it("archive reads never answer 5xx, whatever the slug or query", async () => {
    const t = await createTestApp();
    await fc.assert(
      fc.asyncProperty(nasty, nasty, async (slug, q) => {
        await expectSafe(await t.call("GET", `/v1/issues/${pathPart(slug)}`));
        await expectSafe(
          await t.call("GET", `/v1/issues/${pathPart(slug)}`, undefined, { Accept: "application/json" }),
        );
        await expectSafe(await t.call("GET", `/v1/issues?${new URLSearchParams({ cursor: q, limit: slug })}`));
      }),
      { numRuns: runs(100) },
    );
  });

  it("admin endpoints never answer 5xx to any body, id or query, and a refused write stores nothing", async () => {
    const t = await createTestApp(noLimits as never);
    await t.call("POST", "/v1/subscriptions", { email: "held@mailinator.com", consent: true }); // a held signup
    const issue = (await (
      await t.admin("POST", "/v1/admin/newsletter/issues", { subject: "S", markdown: "M" })
    ).json()) as {
      id: string;
    };
    await fc.assert(
      fc.asyncProperty(anyValue, nasty, async (body, id) => {
        const json = JSON.stringify(body);
        const before = await snapshot(t);
        const created = await t.admin("POST", "/v1/admin/newsletter/issues", json);
        await expectSafe(created);
        if (created.status !== 201) expect(await snapshot(t)).toEqual(before);
        await expectSafe(
          await t.admin("POST", "/v1/admin/newsletter/issues", { subject: body, markdown: asText(body) }),
        );
        await expectSafe(await t.admin("POST", "/v1/admin/newsletter/issues/preview", json));
        await expectSafe(await t.admin("PATCH", `/v1/admin/newsletter/issues/${issue.id}`, json));
        await expectSafe(await t.admin("POST", `/v1/admin/newsletter/issues/${issue.id}/test`, { to: body }));
        await expectSafe(await t.admin("POST", `/v1/admin/newsletter/issues/${issue.id}/send`, { at: body }));
        await expectSafe(await t.admin("POST", `/v1/admin/newsletter/issues/${pathPart(id)}/cancel`, json));
        for (const action of ["approve", "reject"]) {
          await expectSafe(await t.admin("POST", `/v1/admin/newsletter/subscribers/${pathPart(id)}/${action}`, json));
        }
        await expectSafe(await t.admin("DELETE", `/v1/admin/newsletter/subscribers/${pathPart(id)}`));
        await expectSafe(await t.admin("GET", `/v1/admin/newsletter/subscribers/${pathPart(id)}`));
        await expectSafe(await t.admin("GET", `/v1/admin/newsletter/issues/${pathPart(id)}`));
        await expectSafe(await t.admin("GET", `/v1/admin/newsletter/issues/${pathPart(id)}/preview`));
        await expectSafe(
          await t.admin(
            "GET",
            `/v1/admin/newsletter/subscribers?${new URLSearchParams({ status: id, q: id, cursor: id, limit: id })}`,
          ),
        );
        await expectSafe(
          await t.admin("POST", "/v1/admin/newsletter/subscribers.csv", `email,name\n${asText(body)},${id}\n`, {
            "Content-Type": "text/csv",
          }),
        );
        await expectSafe(await t.admin("POST", "/v1/admin/newsletter/webhooks/bounces", json));
        await expectSafe(
          await t.admin("POST", "/v1/admin/newsletter/webhooks/bounces", { type: id, email: body, reason: body }),
        );
      }),
      { numRuns: runs(60) },
    );
  });

  it("a bearer token of any shape is refused with a 401 problem, never a 5xx", async () => {
    const t = await createTestApp();
    await fc.assert(
      fc.asyncProperty(nasty, async (token) => {
        const res = await t.call("GET", "/v1/admin/newsletter/subscribers", undefined, {
          Authorization: `Bearer ${headerSafe(token)}`,
        });
        await expectSafe(res);
        expect(res.status).toBe(401);
      }),
      { numRuns: runs(100) },
    );
  });
});
