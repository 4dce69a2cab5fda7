import fc from "fast-check";
import { simpleParser } from "mailparser";
import nodemailer from "nodemailer";
import { describe, expect, it } from "vitest";
import { InvalidMessage } from "./message.ts";
import {
  cachedBodies,
  encodedParts,
  type PersonalisedMessage,
  personalise,
  type SharedBody,
  validatePersonalised,
} from "./shared-body.ts";

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

describe("encodedParts", () => {
  // The bytes a relay gets (CRLF line ends, as the SMTP transport and the .eml files send them), read back by a
  // mail client's parser.
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "windows" });
  async function received(parts: { text: string; html: string }) {
    const info = await composer.sendMail({
      from: "news@blog.example",
      to: "ann@example.org",
      subject: "This week",
      text: { raw: parts.text },
      html: { raw: parts.html },
    });
    const raw = (info.message as Buffer).toString("latin1");
    const mail = await simpleParser(info.message as Buffer);
    return { raw, text: mail.text, html: mail.html };
  }
  const PREFS = "https://preferences.invalid/placeholder";

  it("decodes to what personalise gives, whatever the body and the values", async () => {
    // Latin text with what quoted-printable must escape or wrap: accents, '=', trailing spaces, long lines,
    // a dot at a line's start, tabs; placeholders anywhere, side by side, at either end.
    const chunk = fc.oneof(
      fc.constantFrom("é", "ü", "ß", "=", " ", "\t", "\n", ".", "\n.", "  \n", "€", "😀", LINK, PREFS),
      fc.string({ unit: "grapheme-ascii", maxLength: 12 }),
      fc.constant("long line ".repeat(12)),
    );
    const body = fc
      .array(chunk, { maxLength: 40 })
      .map((xs) => `${"Sleep well. ".repeat(12)}${xs.join("")} and eat well`);
    const value = fc.string({ unit: "grapheme", maxLength: 30 }).map((v) => `https://blog.example/u?t=${v}`);
    await fc.assert(
      fc.asyncProperty(body, body, value, value, async (text, html, unsubscribe, prefs) => {
        const shared: SharedBody = { text, html };
        const one = { ...message, fill: { [LINK]: unsubscribe, [PREFS]: prefs } };
        const parts = encodedParts(one, shared);
        expect(parts).not.toBeNull();
        const got = await received(parts as NonNullable<typeof parts>);
        const want = personalise(one, shared);
        expect(got.text).toBe(want.text);
        expect(got.html).toBe(want.html);
        // RFC 2045 §6.7: no encoded line longer than 76 characters.
        for (const line of got.raw.split("\r\n")) expect(line.length).toBeLessThanOrEqual(998);
        const body = got.raw.slice(got.raw.indexOf("\r\n\r\n"));
        for (const line of body.split("\r\n").filter((l) => !l.startsWith("Content-"))) {
          expect(line.length, line).toBeLessThanOrEqual(76);
        }
      }),
      { numRuns: 60 },
    );
  });

  it("leaves a body written mostly outside the Latin alphabet to be encoded whole (base64)", () => {
    const arabic = "النوم أولاً: لماذا يهم وقت الاستيقاظ الثابت أكثر من النوم المبكر";
    expect(encodedParts(message, { text: `${arabic} ${LINK}`, html: `<p>${arabic}</p>` })).toBeNull();
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
