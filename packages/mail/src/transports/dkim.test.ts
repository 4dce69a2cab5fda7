import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "@parlor/kit/testing";
import { afterEach, describe, expect, it } from "vitest";
import { testDkim } from "../../test/dkim.ts";
import { makeMessage, recordingLogger } from "../../test/helpers.ts";
import { startSmtpSink } from "../../test/smtp-sink.ts";
import { createFileTransport } from "./file.ts";
import { createSmtpTransport } from "./smtp.ts";

// RFC 8058 §4: one-click unsubscribe counts only when List-Unsubscribe and List-Unsubscribe-Post are both covered by
// a valid DKIM signature. Checked with an independent verifier (mailauth), on the bytes a relay receives and on the
// .eml files.
const LIST_HEADERS = {
  "List-Id": '"Health tips" <newsletter.blog.example>',
  "List-Unsubscribe": "<https://blog.example/v1/subscriptions/unsubscribe?token=abc.def>",
  "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
  "Auto-Submitted": "auto-generated",
};
const dkim = testDkim();
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const f of cleanups.splice(0)) await f();
});

/** The raw message with one header's value replaced. */
const alter = (raw: Buffer, header: string, value: string) =>
  raw.toString("latin1").replace(new RegExp(`^${header}:.*$`, "mi"), `${header}: ${value}`);

async function expectSignedOverListHeaders(raw: Buffer) {
  const verdict = await dkim.verify(raw);
  expect(verdict.result).toBe("pass");
  for (const h of ["from", "subject", "list-id", "list-unsubscribe", "list-unsubscribe-post", "auto-submitted"]) {
    expect(verdict.signed).toContain(h);
  }
  expect((await dkim.verify(alter(raw, "List-Unsubscribe-Post", "List-Unsubscribe=Two-Clicks"))).result).not.toBe(
    "pass",
  );
  expect((await dkim.verify(alter(raw, "List-Unsubscribe", "<https://evil.example/u>"))).result).not.toBe("pass");
  expect((await dkim.verify(alter(raw, "Auto-Submitted", "no"))).result).not.toBe("pass");
}

describe("DKIM signing", () => {
  it("covers the List-* headers and Auto-Submitted in what the SMTP relay receives", async () => {
    const sink = await startSmtpSink();
    const transport = createSmtpTransport(sink.url, { dkim: dkim.options, from: "Blog <news@blog.example>" });
    cleanups.push(
      () => transport.close(),
      () => sink.close(),
    );
    await transport.send(makeMessage({ headers: LIST_HEADERS }));
    expect(sink.deliveries).toHaveLength(1);
    await expectSignedOverListHeaders(sink.deliveries[0].raw);
  });

  it("covers them in the .eml files too", async () => {
    const tmp = tempDir("parlor-dkim-");
    cleanups.push(tmp.cleanup);
    const transport = createFileTransport(tmp.dir, recordingLogger(), {
      dkim: dkim.options,
      from: "Blog <news@blog.example>",
    });
    await transport.send(makeMessage({ headers: LIST_HEADERS }));
    const [file] = readdirSync(tmp.dir).filter((f) => f.endsWith(".eml"));
    await expectSignedOverListHeaders(readFileSync(join(tmp.dir, file)));
  });
});
