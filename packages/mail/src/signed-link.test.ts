import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { signedLink, verifySignedLink } from "./signed-link.ts";

const SECRET = "0123456789abcdef0123456789abcdef";
const now = new Date("2026-05-01T12:00:00Z");
const make = (ttlMs = 60_000) =>
  signedLink(SECRET, { purpose: "approve-comment", payload: { commentId: "01J" }, ttlMs, now });

describe("signed links", () => {
  it("round-trips the payload for its purpose before it expires", () => {
    const token = make();
    expect(token).toMatch(/^[\w-]+\.[\w-]+$/);
    expect(verifySignedLink(SECRET, token, "approve-comment", new Date(now.getTime() + 59_999))).toEqual({
      ok: true,
      payload: { commentId: "01J" },
      expiresAt: new Date(now.getTime() + 60_000),
      useKey: createHash("sha256").update(token).digest("hex"),
    });
  });

  it("refuses it for another purpose, after expiry, with another key, or altered", () => {
    const token = make();
    expect(verifySignedLink(SECRET, token, "reject-comment", now)).toEqual({ ok: false, reason: "wrong-purpose" });
    expect(verifySignedLink(SECRET, token, "approve-comment", new Date(now.getTime() + 60_000))).toMatchObject({
      reason: "expired",
    });
    expect(verifySignedLink(`${SECRET}x`, token, "approve-comment", now)).toMatchObject({ reason: "bad-signature" });
    const [body, mac] = token.split(".");
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(body, "base64url").toString()), d: { commentId: "02X" } }),
    ).toString("base64url");
    expect(verifySignedLink(SECRET, `${forged}.${mac}`, "approve-comment", now)).toMatchObject({
      reason: "bad-signature",
    });
    expect(verifySignedLink(SECRET, `${body}.${mac.slice(0, -2)}`, "approve-comment", now)).toMatchObject({
      reason: "bad-signature",
    });
    for (const junk of ["", "abc", "a.b.c", `${body}.`, "%%%.%%%"]) {
      expect(verifySignedLink(SECRET, junk, "approve-comment", now)).toMatchObject({ ok: false });
    }
  });

  it("verifies one spelling of a link only: no two distinct strings pass for one link", () => {
    const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const payload = fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.string(), fc.integer()), { maxKeys: 4 });
    // An edit anywhere, but mostly where decoding forgets bits: the last character of the body and of the MAC.
    const edit = fc.record({
      where: fc.oneof(fc.constantFrom("mac-end", "body-end"), fc.nat()),
      to: fc.constantFrom(...ALPHABET),
    });
    fc.assert(
      fc.property(payload, fc.array(edit, { minLength: 1, maxLength: 3 }), (data, edits) => {
        const token = signedLink(SECRET, { purpose: "erase", payload: data, ttlMs: 60_000, now });
        const original = verifySignedLink(SECRET, token, "erase", now);
        expect(original.ok).toBe(true);
        const chars = [...token];
        for (const { where, to } of edits) {
          const at =
            where === "mac-end"
              ? chars.length - 1
              : where === "body-end"
                ? token.indexOf(".") - 1
                : where % chars.length;
          if (chars[at] !== ".") chars[at] = to;
        }
        const other = chars.join("");
        const verdict = verifySignedLink(SECRET, other, "erase", now);
        if (other !== token) expect(verdict.ok, other).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it("refuses each of the four spellings of a MAC but the one it issued, and gives every link its own use key", () => {
    const token = make();
    const last = token.at(-1) as string;
    const aliases = [..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"]
      .map((ch) => `${token.slice(0, -1)}${ch}`)
      .filter((t) => Buffer.from(t.split(".")[1], "base64url").equals(Buffer.from(token.split(".")[1], "base64url")));
    expect(aliases).toHaveLength(4); // the 2 bits the 43rd character carries beyond 256
    for (const alias of aliases) {
      expect(verifySignedLink(SECRET, alias, "approve-comment", now).ok, `${last} → ${alias.at(-1)}`).toBe(
        alias === token,
      );
    }
    const keys = new Set(
      [
        make(),
        make(120_000),
        signedLink(SECRET, { purpose: "approve-comment", payload: { commentId: "02" }, ttlMs: 1, now }),
      ].map((t) => (verifySignedLink(SECRET, t, "approve-comment", now) as { useKey: string }).useKey),
    );
    expect(keys.size).toBe(3);
  });

  it("insists on a secret long enough to resist guessing", () => {
    expect(() => signedLink("short", { purpose: "p", payload: 1, ttlMs: 1 })).toThrow(/32 bytes/);
  });
});
