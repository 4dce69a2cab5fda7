import { networkOf } from "@parlor/kit/http";
import { emailKey } from "@parlor/validation";
import { describe, expect, it } from "vitest";
import { domainOf } from "./address.ts";

describe("addresses", () => {
  it("compares addresses trimmed and case-insensitively", () => {
    expect(emailKey("  Ann.Lee@Example.COM ")).toBe("ann.lee@example.com");
    expect(domainOf(" Ann@Mail.Example.com")).toBe("mail.example.com");
  });

  it.each([
    ["203.0.113.77", "203.0.113.0/24"],
    ["::ffff:203.0.113.9", "203.0.113.0/24"],
    ["2001:db8:abcd:12:1::5", "2001:db8:abcd:12::/64"],
    ["2001:DB8:ABCD:0012:ffff:ffff:ffff:ffff", "2001:db8:abcd:12::/64"],
    ["::1", "0:0:0:0::/64"],
    ["unknown", "unknown"],
  ])("puts %s in network %s", (ip, net) => expect(networkOf(ip)).toBe(net));
});
