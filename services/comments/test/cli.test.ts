import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "@parlor/kit/testing";
import SQLite from "better-sqlite3";
import { afterEach, expect, it, vi } from "vitest";
import { commentsCommands } from "../src/cli.commands.ts";
import { defaultConfig } from "../src/config.ts";
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
  60_000, // two CLI processes, each starting tsx: past 20 s on a busy machine
);

it.skipIf(ENGINE === "postgres")(
  "the command line: merged ?p= pages refused with a template beside the file, --timezone asked for, a dry run writes nothing",
  async () => {
    const tmp = tempDir("parlor-cli-");
    dirs.push(tmp);
    const pages = writeTemp(tmp.dir, "query.xml", readFileSync(fixture("disqus-query-pages.xml"), "utf8"));
    const refused = cli(tmp.dir, "import", "--format", "disqus", "query.xml");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("query.xml: 1 Parlor page would merge pages the source keeps apart");
    expect(refused.stderr).toContain("  / ← https://healthblog.example/?p=12, https://healthblog.example/?p=14");
    const template = `${pages}.map-uris.txt`;
    expect(refused.stderr).toContain(`A template for --map-uris is in ${template}`);
    expect(readFileSync(template, "utf8")).toContain("https://healthblog.example/?p=14 /sleep-and-your-heart");

    writeTemp(tmp.dir, "waline.json", readFileSync(fixture("waline-sqlite.json"), "utf8"));
    const zoneless = cli(tmp.dir, "import", "--format", "waline", "waline.json");
    expect(zoneless.code).toBe(1);
    expect(zoneless.stderr).toMatch(
      /^checking…\ncomments import: waline\.json data\.Comment\[0\]: the time "2024-03-12 18:00:00" has no time zone; .*--timezone/,
    );
    expect(zoneless.stderr.match(/waline\.json/g)).toHaveLength(1);

    const dry = cli(tmp.dir, "import", "--format", "disqus", "--dry-run", "--map-uris", template, "query.xml");
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain("(dry run: nothing written)");
    expect(dry.stdout).toContain("would import 4, already imported 0");
    expect(dry.stdout).toContain("  /flu-shots-what-to-know: 2 approved");
    const db = new SQLite(join(tmp.dir, "comments.db"), { readonly: true });
    expect(db.prepare("select count(*) as n from comment").get()).toEqual({ n: 0 });
    db.close();
  },
  90_000, // three CLI processes, each starting tsx
);

it.skipIf(ENGINE === "postgres")(
  "`dkim` is the comments service's command too: the same key maker and record as the newsletter's",
  async () => {
    const tmp = tempDir("parlor-cli-");
    dirs.push(tmp);
    const config = defaultConfig({ MAIL_FROM: "Blog <comments@blog.example>", DKIM_SELECTOR: "c1" });
    const runtime = { root: tmp.dir, config, dataDir: tmp.dir, databaseUrl: "file::memory:", sqliteFile: null };
    const printed: string[] = [];
    const log = vi.spyOn(console, "log").mockImplementation((line: string) => printed.push(line));
    try {
      await commentsCommands(runtime).dkim.run([], { out: join(tmp.dir, "dkim.pem") });
    } finally {
      log.mockRestore();
    }
    expect(readFileSync(join(tmp.dir, "dkim.pem"), "utf8")).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(printed.join("\n")).toMatch(/^c1\._domainkey\.blog\.example\. 3600 IN TXT \( "v=DKIM1; k=rsa; p=/m);
  },
);
