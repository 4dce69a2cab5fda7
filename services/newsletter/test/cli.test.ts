import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { type SmtpSink, startSmtpSink } from "@parlor/mail/testing";
import { parse } from "csv-parse/sync";
import { afterEach, beforeEach, expect, it } from "vitest";
import { createTestApp, ENGINE, subscribe } from "./helpers.ts";

let smtp: SmtpSink;
beforeEach(async () => {
  smtp = await startSmtpSink();
});
afterEach(async () => {
  await smtp.close();
});

// The operator's view: the real CLI in a child process on the service's SQLite file.
it.skipIf(ENGINE === "postgres")("`consent` and `subscribers` export from the command line", async () => {
  const t = await createTestApp({}, { smtp });
  await subscribe(t, smtp, "ann@example.com", { source: "footer" });
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ["--import", "tsx", join(import.meta.dirname, "../src/cli.ts"), ...args], {
      encoding: "utf8",
      env: { ...process.env, NEWSLETTER_DATABASE_URL: `file:${join(t.dir, "newsletter.db")}`, INIT_CWD: t.dir },
      timeout: 60_000,
    });
  const consent = run("consent");
  expect(consent.status).toBe(0);
  const rows = parse(consent.stdout, { columns: true }) as Record<string, string>[];
  expect(rows.map((r) => [r.email, r.kind, r.source])).toEqual([
    ["ann@example.com", "signup", "footer"],
    ["ann@example.com", "confirm", "footer"],
  ]);
  expect(rows[0].consentText).toBe(t.config.CONSENT_TEXT);

  const bad = run("subscribers", "--nope");
  expect(bad.status).toBe(2);
  expect(bad.stderr).toContain("newsletter subscribers:");
});
