import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hashAddress } from "./client-address.ts";

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
