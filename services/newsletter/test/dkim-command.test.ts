import { spawnSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { findRepoRoot } from "@parlor/kit/config";
import { tempDir } from "@parlor/kit/testing";
import { dkimFromConfig } from "@parlor/mail";
import { type SmtpSink, startSmtpSink } from "@parlor/mail/testing";
import { dkimVerifier } from "@parlor/mail/testing/dkim";
import { afterEach, beforeEach, expect, it } from "vitest";
import { createTestApp, ENGINE, subscribe } from "./helpers.ts";

// The operator's way to DKIM: `pnpm newsletter dkim` makes the key and prints the record; mail signed with that key
// passes an independent verifier (mailauth) that is given exactly the printed record as its DNS answer.
let smtp: SmtpSink;
const dirs: { cleanup(): void }[] = [];
beforeEach(async () => {
  smtp = await startSmtpSink();
});
afterEach(async () => {
  await smtp.close();
  for (const d of dirs.splice(0)) d.cleanup();
});

function cli(dir: string, env: Record<string, string>, ...args: string[]) {
  const out = spawnSync(process.execPath, ["--import", "tsx", join(import.meta.dirname, "../src/cli.ts"), ...args], {
    encoding: "utf8",
    env: { ...process.env, NEWSLETTER_DATA_DIR: dir, NEWSLETTER_LOG_LEVEL: "silent", INIT_CWD: dir, ...env },
    timeout: 60_000,
  });
  return { code: out.status, stdout: out.stdout, stderr: out.stderr };
}

/** The zone-file line the command printed: the record's name and its TXT strings. */
function printedRecord(stdout: string) {
  const line = /^(\S+)\. 3600 IN TXT \( (.*) \)$/m.exec(stdout);
  if (!line) throw new Error(`no zone-file line in:\n${stdout}`);
  return { name: line[1], strings: [...line[2].matchAll(/"([^"]*)"/g)].map((m) => m[1]) };
}

it.skipIf(ENGINE === "postgres")(
  "`dkim` makes a key whose signatures verify with the printed record as the only DNS answer",
  async () => {
    const tmp = tempDir("parlor-dkim-");
    dirs.push(tmp);
    const keyFile = join(tmp.dir, "dkim.pem");
    // The settings name a key file that does not exist yet: the command that makes it must still run.
    const env = {
      NEWSLETTER_MAIL_FROM: "Health tips <news@blog.example>",
      NEWSLETTER_DKIM_DOMAIN: "blog.example",
      NEWSLETTER_DKIM_SELECTOR: "parlor2026",
      NEWSLETTER_DKIM_KEY_FILE: keyFile,
    };
    const made = cli(tmp.dir, env, "dkim");
    expect(made.stderr).toBe("");
    expect(made.code).toBe(0);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const pem = readFileSync(keyFile, "utf8");
    expect(pem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    const record = printedRecord(made.stdout);
    expect(record.name).toBe("parlor2026._domainkey.blog.example");
    expect(record.strings.length).toBeGreaterThan(1); // a 2048-bit key needs more than one 255-character string
    for (const s of record.strings) expect(s.length).toBeLessThanOrEqual(255);
    expect(made.stdout).toContain(`value: ${record.strings.join("")}`);
    expect(made.stdout).not.toContain("warning");

    // A real email, signed with that key as the service loads it from the settings.
    const config = { MAIL_FROM: env.NEWSLETTER_MAIL_FROM, DKIM_DOMAIN: "blog.example", DKIM_SELECTOR: "parlor2026" };
    const dkim = dkimFromConfig({ ...config, DKIM_KEY_FILE: keyFile } as never, findRepoRoot(), "NEWSLETTER");
    const t = await createTestApp(config, { smtp, dkim });
    await subscribe(t, smtp, "ann@example.com");
    const welcome = smtp.deliveries.find((d) => /^Welcome/.test(d.mail.subject ?? ""));
    if (!welcome) throw new Error("no welcome email");
    const { verify } = dkimVerifier({ [record.name]: record.strings });
    expect((await verify(welcome.raw)).result).toBe("pass");
    const altered = welcome.raw.toString("latin1").replace(/^Subject:.*$/m, "Subject: Welcome back");
    expect((await verify(altered)).result).toBe("fail");
  },
  120_000,
);
