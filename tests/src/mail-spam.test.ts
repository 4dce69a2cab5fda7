import { spawn, spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "@parlor/kit/testing";
import { createFileTransport, encodedParts } from "@parlor/mail";
import { testDkim } from "@parlor/mail/testing/dkim";
import { describe, expect, it } from "vitest";
import { mailSamples } from "../../scripts/docs/mail-catalogue.ts";

// Every kind of email both services send (the message catalogue's samples, built by the services' own mail code),
// written as the file transport writes them (DKIM-signed, MIME as sent) and scored by Debian's SpamAssassin with its
// local rules only (`-L`: no network tests, no Bayes), all in one run: its start-up is the slow part. Under
// CI=true a missing spamassassin fails; elsewhere the test reports itself skipped.
const LIMIT = 2.0;
const installed = spawnSync("spamassassin", ["--version"]).status === 0;

describe.skipIf(!installed && process.env.CI !== "true")("SpamAssassin's local rules", () => {
  it(`score every kind of email below ${LIMIT}`, async () => {
    if (!installed) throw new Error("CI=true, but spamassassin is not installed (.ci/run installs Debian's package)");
    const tmp = tempDir("parlor-spam-");
    try {
      const dkim = testDkim("blog.example.com");
      const logger = { info() {}, warn() {}, error() {} };
      const transport = createFileTransport(join(tmp.dir, "mail"), logger, {
        dkim: dkim.options,
        from: "Dr. Kim's Health Blog <news@blog.example.com>",
      });
      const kinds = new Map<string, string>(); // the file's ref (in its Message-ID) → "service: kind"
      for (const { service, samples } of mailSamples) {
        for (const [i, sample] of samples().entries()) {
          const ref = `${service}-${i}`;
          await transport.send(sample.message, { ref });
          kinds.set(ref, `${service}: ${sample.kind}`);
          if (sample.kind !== "issue") continue;
          // And as the mail worker sends an issue: its text and html encoded once per issue, the reader's
          // links filled into the encoded parts (quoted-printable, even where nodemailer would choose 7bit).
          const { text, html, ...rest } = sample.message;
          const link = /https?:\/\/\S+unsubscribe\S*/.exec(text)?.[0] ?? text.slice(0, 20);
          const placeholder = "https://unsubscribe.invalid/placeholder";
          const shared = { text: text.replaceAll(link, placeholder), html: html.replaceAll(link, placeholder) };
          const parts = encodedParts({ ...rest, body: "issue", fill: { [placeholder]: link } }, shared);
          expect(parts).not.toBeNull();
          await transport.send(sample.message, { ref: `${ref}-encoded`, parts: parts ?? undefined });
          kinds.set(`${ref}-encoded`, `${service}: ${sample.kind}, parts encoded once per issue`);
        }
      }
      const files = readdirSync(join(tmp.dir, "mail")).map((f) => join(tmp.dir, "mail", f));
      expect(files).toHaveLength(kinds.size);

      const started = performance.now();
      const output = await spamassassin(
        ["-L", "-t", "-x", "--cf=use_bayes 0", "--cf=bayes_auto_learn 0", ...files],
        tmp.dir, // its HOME: no user_prefs or Bayes files written anywhere else
      );
      const seconds = (performance.now() - started) / 1000;

      const scores = new Map<string, { score: number; tests: string }>();
      for (const chunk of output.split(/^(?=X-Spam-Checker-Version:)/m)) {
        const status = /^X-Spam-Status: \w+, score=(-?[\d.]+) required=[\d.]+ tests=([\s\S]*?) autolearn=/m.exec(chunk);
        const ref = /^Message-ID: <([\w.-]+)@/im.exec(chunk)?.[1];
        if (status && ref) scores.set(ref, { score: Number(status[1]), tests: status[2].replace(/\s+/g, "") });
      }
      const table = [...kinds].map(([ref, kind]) => ({
        kind,
        ...(scores.get(ref) ?? { score: Number.NaN, tests: "" }),
      }));
      console.log(
        `SpamAssassin ${LIMIT} limit, ${table.length} emails scored in one run of ${seconds.toFixed(1)} s:\n` +
          table.map((r) => `  ${r.score.toFixed(1).padStart(5)}  ${r.kind}  (${r.tests})`).join("\n"),
      );
      expect(scores.size, output.slice(0, 2000)).toBe(kinds.size);
      for (const row of table) expect(row.score, `${row.kind}: ${row.tests}`).toBeLessThan(LIMIT);
    } finally {
      tmp.cleanup();
    }
  }, 180_000);
});

function spamassassin(args: string[], home: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn("spamassassin", args, {
      env: { ...process.env, HOME: home },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0
        ? resolve(Buffer.concat(out).toString("latin1"))
        : reject(new Error(`spamassassin exited ${code}: ${Buffer.concat(err).toString()}`)),
    );
  });
}
