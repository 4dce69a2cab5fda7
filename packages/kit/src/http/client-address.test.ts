import { createHmac } from "node:crypto";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { clientAddress, clientIdentity, hashAddress, networkOf } from "./client-address.ts";

describe("hashAddress", () => {
  it("is the keyed HMAC of the address, the same when asked again, and differs by key", () => {
    const expected = createHmac("sha256", "key-1").update("203.0.113.7").digest("base64url").slice(0, 22);
    expect(hashAddress("key-1", "203.0.113.7")).toBe(expected);
    expect(hashAddress("key-1", "203.0.113.7")).toBe(expected);
    expect(hashAddress("key-2", "203.0.113.7")).not.toBe(expected);
    expect(hashAddress("key-1", "203.0.113.8")).not.toBe(expected);
  });

  it("still answers correctly after forgetting past its bound", () => {
    for (let i = 0; i < 10_050; i++) hashAddress("key-1", `10.0.${i >> 8}.${i & 255}`);
    const again = createHmac("sha256", "key-1").update("10.0.0.1").digest("base64url").slice(0, 22);
    expect(hashAddress("key-1", "10.0.0.1")).toBe(again);
  });
});

describe("clientIdentity", () => {
  it.each([
    ["203.0.113.7", "203.0.113.7"],
    ["::ffff:203.0.113.9", "203.0.113.9"],
    ["::FFFF:cb00:7109", "203.0.113.9"],
    ["0:0:0:0:0:ffff:203.0.113.9", "203.0.113.9"],
    ["2001:db8:1:3::1", "2001:db8:1:3::/64"],
    ["2001:db8:1:3::22", "2001:db8:1:3::/64"],
    ["2001:0DB8:0001:0003:ffff:1:2:3", "2001:db8:1:3::/64"],
    ["[2001:db8:1:3::9]", "2001:db8:1:3::/64"],
    ["2001:db8:1:4::1", "2001:db8:1:4::/64"],
    ["::1", "0:0:0:0::/64"],
    ["unknown", "unknown"],
  ])("counts %s as %s", (address, identity) => expect(clientIdentity(address)).toBe(identity));

  it("keeps IPv4 addresses of one /24 apart, and puts them in one network", () => {
    expect(clientIdentity("203.0.113.7")).not.toBe(clientIdentity("203.0.113.8"));
    expect(networkOf("203.0.113.7")).toBe(networkOf("::ffff:203.0.113.8"));
    expect(networkOf("2001:db8:1:3::5")).toBe("2001:db8:1:3::/64");
  });
});

describe("clientAddress", () => {
  it("takes the last X-Forwarded-For entry behind a trusted proxy, and no text that is not an IP address", async () => {
    const app = new Hono().get("/", (c) => c.text(clientAddress(c, true)));
    const from = async (xff: string) => (await app.request("/", { headers: { "X-Forwarded-For": xff } })).text();
    expect(await from("198.51.100.1, 203.0.113.7")).toBe("203.0.113.7");
    expect(await from("2001:db8:1:3::1")).toBe("2001:db8:1:3::1");
    // A consent record keeps the address (64 characters at most): 100 × "x" once answered 500 on PostgreSQL.
    expect(await from("x".repeat(100))).toBe("unknown");
    expect(await from("203.0.113.7, <script>")).toBe("unknown");
  });
});
