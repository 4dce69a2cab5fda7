import { describe, expect, it } from "vitest";
import { InvalidMessage } from "./message.ts";
import { cachedBodies, type PersonalisedMessage, personalise, validatePersonalised } from "./shared-body.ts";

const LINK = "https://unsubscribe.invalid/placeholder";
const message: PersonalisedMessage = {
  to: "ann@example.org",
  subject: "This week",
  headers: { "List-Unsubscribe": "<https://blog.example/u?token=ann>" },
  body: "issue-1",
  fill: { [LINK]: "https://blog.example/u?token=ann" },
};

describe("personalise", () => {
  it("fills every placeholder of the shared text and html with this recipient's value", () => {
    const out = personalise(message, {
      text: `Hello\n${LINK}\nagain ${LINK}`,
      html: `<a href="${LINK}">stop</a>`,
    });
    expect(out).toEqual({
      to: "ann@example.org",
      subject: "This week",
      headers: { "List-Unsubscribe": "<https://blog.example/u?token=ann>" },
      text: "Hello\nhttps://blog.example/u?token=ann\nagain https://blog.example/u?token=ann",
      html: '<a href="https://blog.example/u?token=ann">stop</a>',
    });
  });
});

describe("validatePersonalised", () => {
  it("checks the address and headers like a whole message, and needs a body name", () => {
    expect(validatePersonalised(message)).toEqual(message);
    expect(() => validatePersonalised({ ...message, to: "a@x.org\r\nBcc: b@y.org" })).toThrow(InvalidMessage);
    expect(() => validatePersonalised({ ...message, headers: { Bcc: "b@y.org" } as never })).toThrow(InvalidMessage);
    expect(() => validatePersonalised({ ...message, body: "" })).toThrow(/body/);
  });
});

describe("cachedBodies", () => {
  it("looks a body up once for many sends, and again when it was missing", async () => {
    const calls: string[] = [];
    let stored = false;
    const bodies = cachedBodies(async (ref) => {
      calls.push(ref);
      return ref === "late" && !stored ? undefined : { text: ref, html: ref };
    });
    await Promise.all(Array.from({ length: 100 }, () => bodies("issue-1")));
    expect(calls).toEqual(["issue-1"]);
    expect(await bodies("late")).toBeUndefined();
    stored = true;
    expect(await bodies("late")).toEqual({ text: "late", html: "late" });
    expect(calls).toEqual(["issue-1", "late", "late"]);
  });
});
