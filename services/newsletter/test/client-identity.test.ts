import { describe, expect, it } from "vitest";
import { createTestApp } from "./helpers.ts";

// An IPv6 host picks any address of its /64: signups count the /64 as one client (RATE_LIMIT, SOFT_RATE_LIMIT),
// readers'-rights requests too, and the network screen (NETWORK_RATE_LIMIT) keeps its /24 and /64.
describe("client identity", () => {
  it("limits signups from one /64 like one address, and screens its bursts as one client", async () => {
    const t = await createTestApp();
    const statuses: number[] = [];
    for (let i = 1; i <= 11; i++) {
      const res = await t.call(
        "POST",
        "/v1/subscriptions",
        { email: `v6-${i}@example.com`, consent: true },
        { "X-Forwarded-For": `2001:db8:5:5::${i}` },
      );
      statuses.push(res.status);
    }
    expect(statuses).toEqual([...Array(10).fill(202), 429]);
    const rows = await t.db.selectFrom("subscriber").select(["email", "flags"]).orderBy("id").execute();
    // SOFT_RATE_LIMIT 3/10m: the fourth and later wait for review as a burst from one client.
    expect(rows.map((r) => r.flags.split(",").includes("burst_client"))).toEqual([
      ...Array(3).fill(false),
      ...Array(7).fill(true),
    ]);
    const other = await t.call(
      "POST",
      "/v1/subscriptions",
      { email: "v6-other@example.com", consent: true },
      { "X-Forwarded-For": "2001:db8:5:6::1" },
    );
    expect(other.status).toBe(202);
  });

  it("limits readers'-rights requests per /64", async () => {
    const t = await createTestApp({ READER_REQUEST_RATE_LIMIT: { points: 1, windowMs: 3_600_000 } });
    const ask = (ip: string) =>
      t.call(
        "POST",
        "/v1/subscriptions/me/requests",
        { email: "x@example.com", action: "export" },
        { "X-Forwarded-For": ip },
      );
    expect((await ask("2001:db8:5:5::1")).status).toBe(202);
    expect((await ask("2001:db8:5:5:abcd::2")).status).toBe(429);
    expect((await ask("2001:db8:5:9::1")).status).toBe(202);
  });
});
