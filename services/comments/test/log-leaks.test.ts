import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "@parlor/kit/cli";
import { afterEach, expect, it, vi } from "vitest";
import { commentsCommands } from "../src/cli.commands.ts";
import { loadRuntime } from "../src/config.ts";
import { createTestApp } from "./helpers.ts";

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

// An import's refusal goes to stderr, and stderr is a log under cron or systemd: it must not quote an address.
// (The command runs on a SQLite store of its own under the test's folder, whatever the engine of the run.)
it("a failing import names the record, not the address it holds", async () => {
  const t = await createTestApp();
  const file = join(t.dir, "remark42.jsonl");
  const record = {
    id: "r1",
    pid: "",
    text: "<p>Write to me</p>",
    user: { name: "Kim", id: "email_kim" },
    locator: { site: "remark", url: "mailto:kim.lee@example.org" },
    time: "2021-04-01T10:00:00Z",
  };
  writeFileSync(file, `${JSON.stringify({ version: 1, users: [], posts: [] })}\n${JSON.stringify(record)}\n`);
  const printed: string[] = [];
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void printed.push(args.join(" ")));
  vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void printed.push(args.join(" ")));
  const runtime = loadRuntime({ COMMENTS_DATA_DIR: join(t.dir, "cli"), PATH: process.env.PATH });
  await runCli("comments", commentsCommands(runtime), ["import", "--format", "remark42", file]);
  expect(process.exitCode).toBe(1);
  const all = printed.join("\n");
  expect(all).toMatch(/^comments import: .*no page path in "mailto:k\*\*\*@example\.org"/m);
  expect(all).not.toContain("kim.lee@example.org");
});
