import { describe, expect, it } from "vitest";
import { addressProblem, isEmailAddress } from "./address.ts";
import { Email } from "./fields.ts";
import * as mini from "./mini.ts";

const LONG_LOCAL = `${"a".repeat(65)}@example.com`;
const LONG_ADDRESS = `${"a".repeat(64)}@${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(58)}.com`; // 255

describe("the address rule", () => {
  it("takes ordinary addresses, and dot-atom ones a browser's type=email takes", () => {
    for (const ok of [
      "ann@example.com",
      "Ann.Reader+news@mail.example.co.uk",
      "o'brien@example.ie",
      "a_b-c@xn--bcher-kva.example",
      "x!#$%&*/=?^`{|}~@example.org",
      `${"a".repeat(64)}@example.com`,
      `${"a".repeat(64)}@${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(57)}.com`, // 254
    ]) {
      expect(addressProblem(ok), ok).toBeNull();
    }
  });

  it("names what is wrong: the whole length, the part before @, the domain", () => {
    expect(LONG_ADDRESS).toHaveLength(255);
    expect(addressProblem(LONG_ADDRESS)).toBe("must be at most 254 characters");
    expect(addressProblem(LONG_LOCAL)).toBe("the part before @ must be at most 64 characters");
    for (const domain of [
      "-example.com",
      "example-.com",
      "exa_mple.com",
      "example..com",
      "example.c",
      "example.123",
      "exa mple.com",
      `${"b".repeat(64)}.com`,
      "exämple.com",
    ]) {
      expect(addressProblem(`ann@${domain}`), domain).toBe(
        "the part after @ must be a domain name, such as example.com",
      );
    }
    for (const bad of [
      "",
      "ann",
      "@example.com",
      "ann@",
      ".ann@example.com",
      "ann.@example.com",
      "a..b@example.com",
      "a b@example.com",
      '"a"@example.com',
      "a\r\nb@example.com",
      "用户@example.com",
      "a<b>@example.com",
      "ann@a@b.com",
    ]) {
      expect(addressProblem(bad), bad).toBe("must be a valid email address");
    }
  });

  it("takes a domain without a dot only when asked to (the operator's own MAIL_FROM)", () => {
    expect(isEmailAddress("no-reply@localhost")).toBe(false);
    expect(isEmailAddress("no-reply@localhost", { localDomain: true })).toBe(true);
    expect(isEmailAddress(`${"a".repeat(65)}@localhost`, { localDomain: true })).toBe(false);
  });

  it("is what the full and the widget's schemas apply, with the same message", () => {
    for (const input of [
      "ann@example.com",
      " ann@example.com ",
      LONG_LOCAL,
      LONG_ADDRESS,
      "ann@example..com",
      "ann@",
    ]) {
      const full = Email.safeParse(input);
      const twin = mini.Email.safeParse(input);
      expect(twin.success, input).toBe(full.success);
      expect(twin.error?.issues[0]?.message, input).toBe(full.error?.issues[0]?.message);
      expect(full.success, input).toBe(addressProblem(input.trim()) === null);
    }
    expect(Email.safeParse(LONG_LOCAL).error?.issues[0]?.message).toBe(
      "the part before @ must be at most 64 characters",
    );
  });
});
