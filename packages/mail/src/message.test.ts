import { describe, expect, it } from "vitest";
import {
  composeMail,
  foldHeaderText,
  InvalidMessage,
  isSingleAddress,
  parseMailbox,
  subjectText,
  validateMessage,
} from "./message.ts";

const base = { to: "reader@example.com", subject: "Hi", text: "t", html: "<p>t</p>" };

describe("validateMessage", () => {
  it.each([
    "a@x.com\r\nBcc: b@y.com",
    "a@x.com\nb@y.com",
    "a@x.com, b@y.com",
    "Ann <a@x.com>",
    '"a b"@x.com',
    "no-at-sign",
    "",
  ])("refuses the recipient %j", (to) => {
    expect(() => validateMessage({ ...base, to })).toThrow(InvalidMessage);
  });

  it("folds subjects and names onto one line", () => {
    const m = validateMessage({ ...base, subject: "Hello\r\nBcc: x@y.com\t!", toName: "Ann\nCc: x@y.com" });
    expect(m.subject).toBe("Hello Bcc: x@y.com !");
    expect(m.toName).toBe("Ann Cc: x@y.com");
  });

  it("takes allowed headers in any case under their canonical names, and refuses others", () => {
    const m = validateMessage({ ...base, headers: { "list-unsubscribe": "<https://x/u>" } as never });
    expect(m.headers).toEqual({ "List-Unsubscribe": "<https://x/u>" });
    expect(() => validateMessage({ ...base, headers: { "Content-Type": "text/plain" } as never })).toThrow(
      /not an allowed header/,
    );
  });

  it("needs a subject and both parts", () => {
    expect(() => validateMessage({ ...base, subject: "\r\n" })).toThrow(/subject/);
    expect(() => validateMessage({ ...base, html: "" })).toThrow(/html/);
  });
});

describe("parseMailbox", () => {
  it("reads MAIL_FROM into a structured mailbox", () => {
    expect(parseMailbox("Parlor <no-reply@localhost>")).toEqual({ name: "Parlor", address: "no-reply@localhost" });
    expect(parseMailbox('"Dr. Lee, MD" <lee@clinic.example>')).toEqual({
      name: "Dr. Lee, MD",
      address: "lee@clinic.example",
    });
    expect(parseMailbox("bare@example.com")).toEqual({ name: "", address: "bare@example.com" });
  });

  it("refuses two mailboxes, groups and line breaks", () => {
    expect(() => parseMailbox("a@x.com, b@y.com")).toThrow(InvalidMessage);
    expect(() => parseMailbox("team: a@x.com, b@y.com;")).toThrow(InvalidMessage);
    expect(() => parseMailbox("Parlor <a@x.com>\r\nBcc: b@y.com")).toThrow(InvalidMessage);
  });
});

describe("foldHeaderText", () => {
  it("leaves no control character behind", () => {
    expect(foldHeaderText(" a\r\n\r\n b\u0000c\u007f ")).toBe("a b c");
  });
});

describe("the mail layer's address check", () => {
  it("is the address rule every endpoint applies, with dotless domains for the operator's sender", async () => {
    const { addressProblem } = await import("@parlor/validation");
    const LONG_LOCAL = `${"a".repeat(65)}@example.com`;
    for (const address of [
      "ann@example.com",
      "no-reply@localhost",
      LONG_LOCAL,
      `${"a".repeat(64)}@${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(58)}.com`,
      "ann@example..com",
      "a b@example.com",
      "用户@例子.广告",
    ]) {
      expect(isSingleAddress(address), address).toBe(addressProblem(address, { localDomain: true }) === null);
    }
    expect(() => validateMessage({ to: LONG_LOCAL, subject: "s", text: "t", html: "h" })).toThrow(/to:/);
  });
});

describe("subjects and notifications built from reader text", () => {
  it("shortens reader text for a subject, on one line, with an ellipsis, never splitting a character", () => {
    expect(subjectText("/blog/short")).toBe("/blog/short");
    const long = subjectText(`/blog/${"a".repeat(2000)}`);
    expect(Array.from(long)).toHaveLength(80);
    expect(long.endsWith("a…")).toBe(true);
    expect(subjectText("a\r\nBcc: x@y.z")).toBe("a Bcc: x@y.z");
    expect(subjectText("😀".repeat(100), 10)).toBe(`${"😀".repeat(9)}…`);
  });

  it("builds a message or, when it cannot be built, reports why and gives null instead of throwing", () => {
    const failures: unknown[] = [];
    const ok = composeMail(
      () => ({ ...base, subject: " Hi\n" }),
      (e) => failures.push(e),
    );
    expect(ok).toMatchObject({ subject: "Hi" });
    expect(
      composeMail(
        () => ({ ...base, subject: "x".repeat(501) }),
        (e) => failures.push(e),
      ),
    ).toBeNull();
    expect(
      composeMail(
        () => {
          throw new TypeError("template bug");
        },
        (e) => failures.push(e),
      ),
    ).toBeNull();
    expect(failures).toHaveLength(2);
    expect(failures[0]).toBeInstanceOf(InvalidMessage);
    expect(failures[1]).toBeInstanceOf(TypeError);
  });
});
