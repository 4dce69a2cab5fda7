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

  it("insists on a secret long enough to resist guessing", () => {
    expect(() => signedLink("short", { purpose: "p", payload: 1, ttlMs: 1 })).toThrow(/32 bytes/);
  });
});
