import { chmodSync, chownSync, existsSync } from "node:fs";
import { userInfo } from "node:os";
import { join } from "node:path";
import { recordReliability, reliabilitySize } from "@parlor/kit/testing";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { ADMIN_TOKEN, COMMENTS_DIR, cleanEnv, NEWSLETTER_DIR, removeTempDirs, tempDir } from "../helpers/env.ts";
import { isAlive, runToExit, type StartedProcess, startProcess } from "../helpers/process.ts";
import { standaloneService } from "../helpers/standalone.ts";

// A database file that cannot be written: restored with the wrong owner, a volume gone read-only. CI runs as
// root, which ignores file modes, so each service runs here as the unprivileged user `nobody` (setpriv, which
// execs the service in its own place, so signals reach it, unlike runuser, which stays in between), and the
// file's mode is what changes. A process already running keeps the descriptor it opened, so the fault is met at a
// (re)start: the service must come up, serve reads, answer writes 503 with Retry-After, and take writes again by
// itself once the file is writable, without a restart. `nobody` runs a standalone copy of the service from a
// temporary folder it can read: it may not be able to enter the folder the checkout is in (a clone in root's home
// is in a 0700 folder), so it never runs tsx or reads node_modules from the checkout.
const NOBODY = { uid: 65534, gid: 65534 };
const canSwitchUser = userInfo().uid === 0 && existsSync("/usr/bin/setpriv");

const running: StartedProcess[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.stop()));
});
afterAll(removeTempDirs);

const services = [
  {
    name: "newsletter",
    dir: NEWSLETTER_DIR,
    file: "newsletter.db",
    prefix: "NEWSLETTER",
    write: (base: string, i: number) =>
      fetch(`${base}/v1/subscriptions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: `ro${i}@example.com`, consent: true }),
      }),
    read: (base: string) => fetch(`${base}/v1/issues`),
    written: 202,
  },
  {
    name: "comments",
    dir: COMMENTS_DIR,
    file: "comments.db",
    prefix: "COMMENTS",
    write: (base: string, i: number) =>
      fetch(`${base}/v1/comments`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ uri: "/blog/ro", author: { name: "Ann" }, body: `Read-only test ${i}` }),
      }),
    read: (base: string) => fetch(`${base}/v1/comments?uri=/blog/ro`),
    written: 201,
  },
] as const;

/** The service as `nobody`, on `dataDir`. */
async function asNobody(service: (typeof services)[number], dataDir: string) {
  const { node, args, cwd } = await standaloneService(service.dir);
  const env = cleanEnv({
    [`${service.prefix}_PORT`]: "0",
    [`${service.prefix}_DATA_DIR`]: dataDir,
    [`${service.prefix}_RATE_LIMIT`]: "0",
    [`${service.prefix}_SOFT_RATE_LIMIT`]: "0",
    [`${service.prefix}_MAIL_POLL_INTERVAL`]: "100ms",
    [`${service.prefix}_LOG_LEVEL`]: "warn",
    ADMIN_TOKEN,
    NODE_PATH: undefined, // vitest's, into the checkout: the copy must need nothing from there
  });
  const user = [`--reuid=${NOBODY.uid}`, `--regid=${NOBODY.gid}`, "--clear-groups"];
  return { cmd: "setpriv", args: [...user, "--", node, ...args], options: { cwd, env } };
}

async function start(service: (typeof services)[number], dataDir: string) {
  const { cmd, args, options } = await asNobody(service, dataDir);
  const p = await startProcess(cmd, args, options);
  running.push(p);
  return p;
}

// Short runs take the newsletter only (the reopening is kit code both services share); long runs take both.
describe.skipIf(!canSwitchUser && process.env.CI !== "true").each(reliabilitySize(services.slice(0, 1), [...services]))(
  "the $name service on a database file it cannot write",
  (service) => {
    it("starts, serves reads, answers writes 503 with Retry-After, and takes writes again once the file is writable", async () => {
      const dataDir = await tempDir(`ro-${service.name}`);
      chownSync(dataDir, NOBODY.uid, NOBODY.gid);
      const db = join(dataDir, service.file);
      const first = await start(service, dataDir);
      expect((await service.write(first.url, 0)).status).toBe(service.written);
      await first.stop();
      running.splice(running.indexOf(first), 1);

      chmodSync(db, 0o444);
      const p = await start(service, dataDir);
      const read = await service.read(p.url);
      expect(read.status).toBe(200);
      const refused: Response[] = [];
      for (let i = 1; i <= 5; i++) refused.push(await service.write(p.url, i));
      for (const res of refused) {
        expect(res.status).toBe(503);
        expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
        expect(res.headers.get("content-type")).toContain("application/problem+json");
      }
      await new Promise((r) => setTimeout(r, 500)); // the mail worker polls meanwhile, and must not bring it down
      expect(isAlive(p.child.pid as number)).toBe(true);
      expect((await fetch(`${p.url}/healthz`)).status).toBe(200);

      // As an operator would (chmod u+w x.db*): SQLite gave the WAL files it made meanwhile the database's mode.
      for (const f of [db, `${db}-wal`, `${db}-shm`]) if (existsSync(f)) chmodSync(f, 0o644);
      const again = await service.write(p.url, 6);
      expect(again.status).toBe(service.written);
      recordReliability({
        kind: "fault",
        name: `read-only database file at start, then writable (${service.name}, as nobody)`,
        ok: true,
        detail: "reads 200, writes 503 + Retry-After, recovered without a restart",
      });
      console.log(
        `read-only (${service.name}): reads ${read.status}, 5 writes answered ${refused.map((r) => r.status)} ` +
          `(Retry-After ${refused[0].headers.get("retry-after")} s), process up; file writable again → ${again.status}`,
      );
      expect(p.stderr()).not.toMatch(/unhandled|uncaught/i);
    });

    it("on a data folder it cannot write (no room for the WAL files) it refuses to start with one clear line", async () => {
      const dataDir = await tempDir(`rodir-${service.name}`);
      chownSync(dataDir, NOBODY.uid, NOBODY.gid);
      const first = await start(service, dataDir);
      await first.stop();
      running.splice(running.indexOf(first), 1);
      chmodSync(dataDir, 0o555);
      const { cmd, args, options } = await asNobody(service, dataDir);
      const exit = await runToExit(cmd, args, { ...options, timeoutMs: 30_000 });
      chmodSync(dataDir, 0o755);
      console.log(
        `read-only data dir (${service.name}): exit ${exit.code}; stderr: ${exit.stderr.trim().split("\n")[0]}`,
      );
      recordReliability({
        kind: "fault",
        name: `unwritable data folder at start (${service.name}, as nobody)`,
        ok: exit.code !== 0 && /cannot (open|write)/i.test(exit.stderr) && !/^\s+at /m.test(exit.stderr),
        detail: "refuses to start with one line naming the file",
      });
      expect(exit.code).not.toBe(0);
      expect(exit.stderr).toMatch(/cannot (open|write)/i);
      expect(exit.stderr).not.toMatch(/^\s+at /m); // a sentence, not a stack trace
    });
  },
);
