import { describe, expect, it } from "vitest";
import { type SignupSignals, screenSignup } from "./screen.ts";

const clean: SignupSignals = {
  email: "ann@example.com",
  honeypot: false,
  overClientLimit: false,
  overNetworkLimit: false,
  overAddressLimit: false,
  suppressed: false,
  previouslyRejected: false,
};
const policy = { disposableDomains: ["throwaway.test"] };
const flags = (over: Partial<SignupSignals>) => screenSignup({ ...clean, ...over }, policy);

describe("the signup screen", () => {
  it("raises nothing for an ordinary signup", () => {
    expect(flags({})).toEqual([]);
    expect(flags({ email: "information.desk@example.com" })).toEqual([]);
  });

  it.each([
    [{ honeypot: true }, "honeypot"],
    [{ overClientLimit: true }, "burst_client"],
    [{ overNetworkLimit: true }, "burst_network"],
    [{ overAddressLimit: true }, "repeat_address"],
    [{ suppressed: true }, "suppressed"],
    [{ previouslyRejected: true }, "previously_rejected"],
    [{ email: "someone@MAILINATOR.com" }, "disposable"],
    [{ email: "x@mail.yopmail.com" }, "disposable"],
    [{ email: "x@throwaway.test" }, "disposable"],
    [{ email: "Info@example.com" }, "role_address"],
    [{ email: "noreply+tag@example.com" }, "role_address"],
    [{ email: "postmaster@example.com" }, "role_address"],
  ] as [Partial<SignupSignals>, string][])("flags %j as %s", (over, flag) => expect(flags(over)).toContain(flag));

  it("names every reason at once", () => {
    expect(flags({ email: "admin@yopmail.com", honeypot: true })).toEqual(["honeypot", "disposable", "role_address"]);
  });
});
