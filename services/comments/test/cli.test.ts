import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { tempDir } from "@parlor/kit/testing";
import { afterEach, expect, it } from "vitest";
import { ENGINE } from "./helpers.ts";
import { fixture, writeTemp } from "./import-helpers.ts";

const dirs: { cleanup(): void }[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) d.cleanup();
});

/** The real CLI in a child process, on a SQLite file of its own (the operator's view: output and exit code). */
function cli(dataDir: string, ...args: string[]) {
  const out = spawnSync(process.execPath, ["--import", "tsx", join(import.meta.dirname, "../src/cli.ts"), ...args], {
    encoding: "utf8",
    env: {
      ...process.env,
      COMMENTS_DATA_DIR: dataDir,
      COMMENTS_DATABASE_URL: "",
      COMMENTS_LOG_LEVEL: "silent",
      INIT_CWD: dataDir,
    },
    timeout: 60_000,
  });
  return { code: out.status, stdout: out.stdout, stderr: out.stderr };
}

// The CLI on its own SQLite file: the same on either test engine, so it runs once.
it.skipIf(ENGINE === "postgres")(
  "imports from the command line, says what it did, and refuses a broken file with the line and exit 1",
  async () => {
    const tmp = tempDir("parlor-cli-");
    dirs.push(tmp);
    writeTemp(
      tmp.dir,
      "broken.jsonl",
      '{"version":1}\n{"id":"a","time":"2021-01-01T00:00:00Z","locator":{"url":"/p"},"orig":"hi"}\n{"id":\n',
    );
    const bad = cli(tmp.dir, "import", "--format", "remark42", "broken.jsonl");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("comments import: broken.jsonl line 3: not JSON");

    const good = cli(tmp.dir, "import", "--format", "disqus", fixture("disqus.xml"));
    expect(good.stderr).toBe("checking…\nimporting…\nrecounting pages…\n"); // not a terminal: no bar, one line per pass
    expect(good.stdout).toContain("imported 8, already imported 0");
    expect(good.code).toBe(0);
  },
);
