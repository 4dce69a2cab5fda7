import { describe, expect, it } from "vitest";
import { ADMIN_TOKEN, count, createTestApp, WEBHOOK_TOKEN } from "./helpers.ts";

// A token in a URL lands in the logs of every proxy and relay on the way. The bounce webhook takes a token in
// its query string because some relays can send nothing else, but only WEBHOOK_TOKEN, which opens that one
// endpoint: the owner's admin token there is refused, and the log says what to do instead.
const HOOK = "/v1/admin/newsletter/webhooks/bounces";
const bounce = { type: "bounce", email: "gone@example.com", reason: "550 5.1.1 unknown user" };

describe("the bounce webhook's ?token=", () => {
  it("takes WEBHOOK_TOKEN", async () => {
    const t = await createTestApp();
    const res = await t.call("POST", `${HOOK}?token=${WEBHOOK_TOKEN}`, bounce);
    expect(res.status).toBe(200);
    expect(await count(t, "newsletter_suppression")).toBe(1);
  });

  it("refuses the admin token with 401 and a log line naming WEBHOOK_TOKEN; the token itself is never logged", async () => {
    const logs: string[] = [];
    const t = await createTestApp({}, { logs });
    const res = await t.call("POST", `${HOOK}?token=${ADMIN_TOKEN}`, bounce);
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toContain("Bearer");
    expect(await count(t, "newsletter_suppression")).toBe(0);
    const line = logs.map((l) => JSON.parse(l)).find((l) => l.event === "webhook.admin_token_in_url");
    expect(line?.msg).toContain("WEBHOOK_TOKEN");
    expect(logs.join("\n")).not.toContain(ADMIN_TOKEN);
  });

  it("refuses the admin token there also when no WEBHOOK_TOKEN is set", async () => {
    const logs: string[] = [];
    const t = await createTestApp({ WEBHOOK_TOKEN: undefined }, { logs });
    expect((await t.call("POST", `${HOOK}?token=${ADMIN_TOKEN}`, bounce)).status).toBe(401);
    expect(logs.some((l) => l.includes("WEBHOOK_TOKEN"))).toBe(true);
  });

  it("still takes the admin token in the Authorization header, as Bearer or as Basic auth's password", async () => {
    const t = await createTestApp();
    const bearer = await t.call("POST", HOOK, bounce, { Authorization: `Bearer ${ADMIN_TOKEN}` });
    expect(bearer.status).toBe(200);
    const basic = `Basic ${Buffer.from(`sns:${ADMIN_TOKEN}`).toString("base64")}`;
    expect((await t.call("POST", HOOK, bounce, { Authorization: basic })).status).toBe(200);
  });
});
