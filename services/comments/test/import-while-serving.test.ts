import { spawn } from "node:child_process";
import { join } from "node:path";
import { expect, it } from "vitest";
import { writeDisqusFile } from "../bench/disqus-file.ts";
import { createTestApp, ENGINE, rowCount } from "./helpers.ts";

// The import runs as the operator runs it, in its own process with its own connection to the service's SQLite
// file; the service keeps taking comments meanwhile, because the import writes in short transactions.
it.skipIf(ENGINE === "postgres")(
  "the service keeps answering and accepting comments while a large import runs",
  async () => {
    const t = await createTestApp({ MODERATION: "flagged" });
    const file = join(t.dir, "big.xml");
    await writeDisqusFile(file, 2000);
    const child = spawn(
      process.execPath,
      ["--import", "tsx", join(import.meta.dirname, "../src/cli.ts"), "import", "--format", "disqus", file],
      {
        env: {
          ...process.env,
          COMMENTS_DATABASE_URL: `file:${join(t.dir, "comments.db")}`,
          COMMENTS_LOG_LEVEL: "silent",
        },
      },
    );
    let stderr = "";
    let stdout = "";
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    let running = true;
    void exited.then(() => {
      running = false;
    });

    const duringWrites: number[] = [];
    let n = 0;
    while (running) {
      const writing = stderr.includes("importing…") && !stderr.includes("recounting");
      const res = await t.call("POST", "/v1/comments", {
        uri: "/live",
        author: { name: `Reader ${n}` },
        body: `Live ${n++}`,
      });
      if (writing) duringWrites.push(res.status);
      else expect(res.status).toBe(201);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(await exited, stderr).toBe(0);
    expect(stdout).toContain("imported 2000");
    expect(duringWrites.length).toBeGreaterThan(0);
    expect(duringWrites.every((s) => s === 201)).toBe(true);
    expect(await rowCount(t)).toBe(2000 + n);
    const live = (await (await t.call("GET", "/v1/comments?uri=/live")).json()) as { total: number };
    expect(live.total).toBe(n);
  },
  60_000,
);
