import { describe, expect, it } from "vitest";
import { createLogger, maskAddresses, requestLine } from "./logger.ts";

describe("addresses in log lines", () => {
  const lines: string[] = [];
  const logger = createLogger({ name: "t", destination: { write: (line: string) => lines.push(line) } });

  it("are masked in every field and in the message, whatever text carries them", () => {
    const err = new Error("550 5.1.1 <kim@example.org>: Recipient address rejected");
    logger.error(
      { event: "mail.dead", reason: "550 5.1.1 <kim.lee+news@example.org> unknown", err },
      "to kim@example.org",
    );
    logger.info({ payload: { bounce: { recipients: ["ÅSA@bücher.de"] } }, path: "/x?to=kim%40example.org" });
    logger.info({ control: "\u001bkim@example.org", stack: "at node_modules/.pnpm/pino@10.4.0/x.js" });
    const all = lines.join("");
    for (const whole of ["kim@example.org", "kim.lee+news@example.org", "ÅSA@bücher.de", "kim%40example.org"]) {
      expect(all).not.toContain(whole);
    }
    expect(all).toContain("<k***@example.org>");
    expect(all).toContain("Å***@bücher.de");
    expect(all).toContain("pino@10.4.0"); // a package version is not an address
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(maskAddresses("k***@example.org, ann@b.example")).toBe("k***@example.org, a***@b.example");
  });
});

describe("the request line", () => {
  it("is the line pino writes for the same fields, masked the same way, and nothing below info", () => {
    const lines: string[] = [];
    const logger = createLogger({ name: "svc", destination: { write: (line: string) => lines.push(line) } });
    const path = '/v1/readers/kim@example.org/"x"\\\u0001ü';
    requestLine(logger)("lq3k-1", "GET", path, 304, 0.4);
    logger.info({ reqId: "lq3k-1", method: "GET", path, status: 304, ms: 0.4 }, "request");
    expect(lines).toHaveLength(2);
    const [fast, slow] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(Math.abs((fast.time as number) - (slow.time as number))).toBeLessThan(1000);
    expect({ ...fast, time: 0 }).toEqual({ ...slow, time: 0 });
    expect(Object.keys(fast)).toEqual(Object.keys(slow));
    expect(lines[0]).not.toContain("kim@example.org");
    expect(lines[0].endsWith("}\n")).toBe(true);

    logger.level = "warn";
    requestLine(logger)("lq3k-2", "GET", "/", 200, 1);
    expect(lines).toHaveLength(2);
  });

  it("carries what the request did (a post's comment) as pino would, and lets pino redact a token", () => {
    const lines: string[] = [];
    const logger = createLogger({ name: "svc", destination: { write: (line: string) => lines.push(line) } });
    const fields = {
      event: "comment.held",
      comment: { id: "01J", uri: "/a", flags: ["rate"], reason: "kim@example.org" },
    };
    requestLine(logger)("lq3k-3", "POST", "/v1/comments", 201, 2.5, fields);
    logger.info({ reqId: "lq3k-3", method: "POST", path: "/v1/comments", status: 201, ms: 2.5, ...fields }, "request");
    requestLine(logger)("lq3k-4", "POST", "/v1/comments", 201, 1, {});
    const [fast, slow, empty] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect({ ...fast, time: 0 }).toEqual({ ...slow, time: 0 });
    expect(Object.keys(fast)).toEqual(Object.keys(slow));
    expect(lines[0]).not.toContain("kim@example.org");
    expect(empty).toMatchObject({ reqId: "lq3k-4", status: 201, msg: "request" });
    requestLine(logger)("lq3k-5", "POST", "/x", 200, 1, { comment: { token: "secret-token" } });
    expect(lines[3]).not.toContain("secret-token");
    expect(JSON.parse(lines[3] as string)).toMatchObject({ reqId: "lq3k-5", comment: { token: "[redacted]" } });
  });
});
