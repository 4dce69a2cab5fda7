import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface StartedProcess {
  /** From the process's `listening on http://…` line. */
  url: string;
  child: ChildProcess;
  /** Everything it printed so far. */
  stdout(): string;
  stderr(): string;
  exited: Promise<Exit>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with how it ended. Safe to call twice. */
  stop(graceMs?: number): Promise<Exit>;
}

interface SpawnOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

const LISTENING = /^listening on (http:\/\/\S+)$/m;

function capture(cmd: string, args: string[], options: SpawnOptions) {
  const child = spawn(cmd, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (s: string) => {
    stdout += s;
  });
  child.stderr.setEncoding("utf8").on("data", (s: string) => {
    stderr += s;
  });
  // "close" (not "exit"): every byte of output has been read by then.
  const exited = new Promise<Exit>((resolve) => child.once("close", (code, signal) => resolve({ code, signal })));
  return { child, exited, stdout: () => stdout, stderr: () => stderr };
}

function tail(text: string, lines = 30) {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

/**
 * Spawns a server and waits for its `listening on http://…` line. Fails with the process's stderr (and the
 * end of its stdout) when it exits first or stays silent past `timeoutMs`.
 */
export async function startProcess(cmd: string, args: string[], options: SpawnOptions): Promise<StartedProcess> {
  const p = capture(cmd, args, options);
  const timeoutMs = options.timeoutMs ?? 30_000;
  let stopping: Promise<Exit> | null = null;
  const stop = (graceMs = 10_000) => {
    stopping ??= (async () => {
      if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGTERM");
      const timer = setTimeout(() => p.child.kill("SIGKILL"), graceMs);
      const exit = await p.exited;
      clearTimeout(timer);
      return exit;
    })();
    return stopping;
  };

  const url = await new Promise<string>((resolve, reject) => {
    const check = () => {
      const m = LISTENING.exec(p.stdout());
      if (m) {
        cleanup();
        resolve(m[1]);
      }
    };
    const fail = (why: string) => {
      cleanup();
      void stop(1_000);
      reject(
        new Error(
          `${cmd} ${args.join(" ")} ${why}\n--- stderr ---\n${tail(p.stderr())}\n--- stdout ---\n${tail(p.stdout())}`,
        ),
      );
    };
    const timer = setTimeout(() => fail(`printed no "listening on" line within ${timeoutMs} ms`), timeoutMs);
    const onExit = ({ code, signal }: Exit) => fail(`exited before listening (${signal ?? `code ${code}`})`);
    const cleanup = () => {
      clearTimeout(timer);
      p.child.stdout?.off("data", check);
    };
    p.child.stdout?.on("data", check);
    void p.exited.then(onExit);
  });
  return { url, child: p.child, stdout: p.stdout, stderr: p.stderr, exited: p.exited, stop };
}

/** Runs a process that is expected to end by itself (a refused start); kills it after `timeoutMs`. */
export async function runToExit(cmd: string, args: string[], options: SpawnOptions) {
  const p = capture(cmd, args, options);
  const timer = setTimeout(() => p.child.kill("SIGKILL"), options.timeoutMs ?? 30_000);
  const exit = await p.exited;
  clearTimeout(timer);
  return { ...exit, stdout: p.stdout(), stderr: p.stderr() };
}

/**
 * True while a process with this pid runs (signal 0 only checks). A zombie (exited, not yet reaped: an orphan
 * in a container whose init does not reap) counts as gone.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return true; // no /proc (macOS): trust the signal
  }
}

/** Polls until `predicate` holds or `timeoutMs` passes; returns whether it held. */
export async function waitFor(predicate: () => boolean, timeoutMs = 5_000, everyMs = 50): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (predicate()) return true;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return predicate();
}

/**
 * The service's own node process: `child` is the tsx CLI in front of it, and a SIGKILL cannot be relayed. Read
 * from /proc (Linux), where the CLI's only child is the service.
 */
export function servicePid(p: StartedProcess): number {
  const cli = p.child.pid as number;
  const children = readFileSync(`/proc/${cli}/task/${cli}/children`, "utf8").trim().split(/\s+/).map(Number);
  const service = children.find((pid) => readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("src/main.ts"));
  if (!service) throw new Error(`no src/main.ts process under the tsx CLI (pid ${cli}): children ${children}`);
  return service;
}

/** SIGKILLs the service process itself (no shutdown handler runs) and waits for the CLI in front of it to end. */
export async function killService(p: StartedProcess): Promise<void> {
  const pid = servicePid(p);
  process.kill(pid, "SIGKILL");
  await p.exited;
  if (!(await waitFor(() => !isAlive(pid), 5_000))) throw new Error(`pid ${pid} outlived its SIGKILL`);
}
