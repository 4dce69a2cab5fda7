import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createMetrics } from "@parlor/kit";
import { tempDir } from "@parlor/kit/testing";
import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { createTestStore, recordingLogger } from "../test/helpers.ts";
import { dkimAlignmentProblem, dkimCommand, dkimRecord } from "./dkim-key.ts";
import { mailConfigShape } from "./service-config.ts";
import { startServiceMailWorker } from "./service-worker.ts";

const dirs: { cleanup(): void }[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) d.cleanup();
  vi.restoreAllMocks();
});
const config = (overrides: Record<string, string> = {}) =>
  z.object(mailConfigShape).parse({ MAIL_FROM: "Health tips <news@blog.example>", ...overrides });

/** Runs the command in this process; what it printed. */
async function run(root: string, settings: Record<string, string>, flags: Record<string, string> = {}) {
  const printed: string[] = [];
  vi.spyOn(console, "log").mockImplementation((line: string) => printed.push(line));
  try {
    await dkimCommand({ root, config: config(settings) }, "NEWSLETTER").run([], flags);
  } finally {
    vi.restoreAllMocks();
  }
  return printed.join("\n");
}

describe("DMARC relaxed alignment of MAIL_FROM and DKIM_DOMAIN", () => {
  it.each([
    ["news@blog.example.com", "blog.example.com", true],
    ["news@blog.example.com", "mail.blog.example.com", true], // same organizational domain
    ["Dr. Kim <news@letters.clinic.co.uk>", "clinic.co.uk", true], // co.uk is a public suffix
    ["news@clinic.co.uk", "other.co.uk", false],
    ["news@blog.example.com", "sendgrid.net", false],
    ["news@blog.example.com", "BLOG.EXAMPLE.COM.", true],
  ])("%s signed by %s aligns: %s", (from, domain, aligned) => {
    const problem = dkimAlignmentProblem(from, domain);
    if (aligned) expect(problem).toBeNull();
    else expect(problem).toMatch(/does not align with DKIM_DOMAIN/);
  });

  it("is warned about when the mail worker starts", async () => {
    const store = await createTestStore();
    const tmp = tempDir("parlor-dkim-");
    dirs.push(tmp);
    const keyFile = join(tmp.dir, "dkim.pem");
    await run(tmp.dir, {}, { domain: "blog.example", out: keyFile });
    const logger = recordingLogger();
    const start = (DKIM_DOMAIN: string) =>
      startServiceMailWorker({
        config: { ...config({ DKIM_DOMAIN, DKIM_SELECTOR: "parlor", DKIM_KEY_FILE: keyFile }), DATA_DIR: tmp.dir },
        prefix: "NEWSLETTER",
        table: "comment_outbox",
        db: store.db,
        engine: "sqlite",
        logger,
        metrics: createMetrics("newsletter"),
        rootDir: tmp.dir,
      });
    await (await start("mail.blog.example")).stop();
    expect(logger.lines.filter((l) => l.obj.event === "mail.dkim_unaligned")).toEqual([]);
    await (await start("esp.example.net")).stop();
    const warned = logger.lines.filter((l) => l.obj.event === "mail.dkim_unaligned");
    expect(warned).toHaveLength(1);
    expect(warned[0].level).toBe("warn");
    expect(warned[0].msg).toContain("MAIL_FROM's domain blog.example does not align with DKIM_DOMAIN esp.example.net");
  });
});

describe("the dkim command", () => {
  it("writes a 0600 key, prints its record in strings of at most 255 characters, and never overwrites", async () => {
    const tmp = tempDir("parlor-dkim-");
    dirs.push(tmp);
    const out = await run(tmp.dir, { DKIM_KEY_FILE: "keys/../dkim.pem" });
    const file = join(tmp.dir, "dkim.pem"); // DKIM_KEY_FILE, relative to the repository root
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(out).toContain(`wrote the private key to ${file}`);
    expect(out).toMatch(/^name: {2}parlor\._domainkey\.blog\.example$/m); // MAIL_FROM's domain, selector parlor
    const value = /^value: (v=DKIM1; k=rsa; p=[A-Za-z0-9+/=]+)$/m.exec(out)?.[1] ?? "";
    expect(value.length).toBeGreaterThan(255);
    expect(out).toContain(
      dkimRecord("blog.example", "parlor", value.slice(18))
        .strings.map((s) => `"${s}"`)
        .join(" "),
    );
    expect(out).not.toContain("warning");

    const key = readFileSync(file, "utf8");
    await expect(run(tmp.dir, { DKIM_KEY_FILE: file })).rejects.toThrow(`${file} exists: not overwritten`);
    expect(readFileSync(file, "utf8")).toBe(key);
    writeFileSync(join(tmp.dir, "other.pem"), "mine");
    await expect(run(tmp.dir, {}, { out: join(tmp.dir, "other.pem") })).rejects.toThrow(/exists: not overwritten/);
    expect(readFileSync(join(tmp.dir, "other.pem"), "utf8")).toBe("mine");
  });

  it("warns when the domain it signs for does not align, and refuses what is not a domain or a file", async () => {
    const tmp = tempDir("parlor-dkim-");
    dirs.push(tmp);
    const out = await run(tmp.dir, {}, { domain: "esp.example.net", selector: "s1", out: join(tmp.dir, "a.pem") });
    expect(out).toMatch(/^name: {2}s1\._domainkey\.esp\.example\.net$/m);
    expect(out).toContain("warning: MAIL_FROM's domain blog.example does not align with DKIM_DOMAIN esp.example.net");
    await expect(run(tmp.dir, { MAIL_FROM: "Parlor <no-reply@localhost>" }, { out: "x.pem" })).rejects.toThrow(
      /"localhost" is not a domain/,
    );
    await expect(run(tmp.dir, {})).rejects.toThrow(/name the key file: --out <file>, or set NEWSLETTER_DKIM_KEY_FILE/);
    await expect(run(tmp.dir, {}, { selector: "a b", out: "y.pem" })).rejects.toThrow(/not a selector/);
  });
});
