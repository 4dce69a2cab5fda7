import { recordReliability } from "@parlor/kit/testing";
import { describe, expect, it } from "vitest";
import { createTestApp, ENGINE, postComment, storedRow, type TestApp } from "./helpers.ts";

// One IPv6 host holds a whole /64 and may pick any address in it, so every per-client count (hard and soft rate
// limits, one report per reader, readers'-rights requests) counts the /64 once; an IPv4 address counts alone.
const from = (ip: string) => ({ "X-Forwarded-For": ip });
const post = (t: TestApp, ip: string, n: number) =>
  t.call("POST", "/v1/comments", { uri: "/blog/v6", author: { name: "Ann" }, body: `Comment ${n}` }, from(ip));

describe("client identity", () => {
  it("limits 22 posts from 2001:db8:1:3::1..22 like one address: 20 pass, then 429 (RATE_LIMIT 20/10m)", async () => {
    const t = await createTestApp({ MODERATION: "flagged" });
    const statuses: number[] = [];
    const rate: boolean[] = [];
    for (let i = 1; i <= 22; i++) {
      const res = await post(t, `2001:db8:1:3::${i.toString(16)}`, i);
      statuses.push(res.status);
      if (res.status === 201) {
        const id = (await res.json()).comment.id;
        rate.push(((await storedRow(t, id))?.flags ?? "").split(",").includes("rate"));
      }
    }
    const limited = statuses.indexOf(429) + 1;
    recordReliability({
      name: `IPv6 limits: 22 posts from 2001:db8:1:3::1..22, one /64 (${ENGINE})`,
      kind: "input",
      ok: limited === 21,
      inputsTried: statuses.length,
      detail: `first 429 at post ${limited} (RATE_LIMIT 20/10m, as for one address)`,
    });
    expect(statuses).toEqual([...Array(20).fill(201), 429, 429]);
    // SOFT_RATE_LIMIT (5/10m) held the sixth and later with the rate flag, as for one address.
    expect(rate).toEqual([...Array(5).fill(false), ...Array(15).fill(true)]);
    // Another /64 and an IPv4 client are someone else.
    expect((await post(t, "2001:db8:1:4::1", 23)).status).toBe(201);
    expect((await post(t, "::ffff:203.0.113.9", 24)).status).toBe(201);
  });

  it("reads ::ffff:a.b.c.d as the IPv4 address it carries", async () => {
    const t = await createTestApp({ RATE_LIMIT: { points: 2, windowMs: 600_000 } });
    expect((await post(t, "203.0.113.9", 1)).status).toBe(201);
    expect((await post(t, "::ffff:203.0.113.9", 2)).status).toBe(201);
    expect((await post(t, "::ffff:cb00:7109", 3)).status).toBe(429);
    expect((await post(t, "203.0.113.10", 4)).status).toBe(201);
  });

  it("counts 6 addresses of one /64 as one reporter: REPORT_HIDE_THRESHOLD=2 does not hide", async () => {
    const t = await createTestApp({ REPORT_HIDE_THRESHOLD: 2 });
    const c = await postComment(t);
    for (let i = 1; i <= 6; i++) {
      const res = await t.call(
        "POST",
        `/v1/comments/${c.comment.id}/report`,
        { reason: "abuse" },
        from(`2001:db8:1:3:${i}::${i}`),
      );
      expect(res.status).toBe(202);
    }
    const [item] = (await (await t.admin("GET", "/v1/admin/comments?status=reported")).json()).comments;
    recordReliability({
      name: `IPv6 limits: 6 reports from 6 addresses of one /64 (${ENGINE})`,
      kind: "input",
      ok: item.reports.count === 1,
      inputsTried: 6,
      detail: `counted as ${item.reports.count} reporter (REPORT_HIDE_THRESHOLD=2 not met)`,
    });
    expect(item.reports.count).toBe(1);
    expect((await storedRow(t, c.comment.id))?.status).toBe("approved");
    // A reader on another network is a second reporter, and the threshold is met.
    await t.call("POST", `/v1/comments/${c.comment.id}/report`, { reason: "abuse" }, from("2001:db8:9::1"));
    expect((await storedRow(t, c.comment.id))?.status).toBe("pending");
  });

  it("limits readers'-rights requests per /64", async () => {
    const t = await createTestApp({ READER_REQUEST_RATE_LIMIT: { points: 2, windowMs: 3_600_000 } });
    const ask = (ip: string, n: number) =>
      t.call("POST", "/v1/comments/me/requests", { email: `r${n}@example.com`, action: "export" }, from(ip));
    expect((await ask("2001:db8:7:7::1", 1)).status).toBe(202);
    expect((await ask("2001:db8:7:7::2", 2)).status).toBe(202);
    expect((await ask("2001:db8:7:7:ffff::3", 3)).status).toBe(429);
    expect((await ask("2001:db8:7:8::1", 4)).status).toBe(202);
  });
});
