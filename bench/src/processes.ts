import { type ChildProcess, spawn } from "node:child_process";
import {
  closeSync,
  type FSWatcher,
  fstatSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  watch,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface Service {
  name: string;
  url: string;
  child: ChildProcess;
  pid: number;
  /** The file the process's stdout and stderr go to (removed by `stop`). */
  logFile: string;
  /** The last 20,000 characters of its output. */
  output(): string;
  /** SIGTERM (or `signal`), then SIGKILL after 10 s. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

const LISTENING = /listening on (http:\/\/\S+)/;
const TAIL = 20_000;

/**
 * Spawns a server process (the process itself, never a wrapper, so its pid is the one whose memory we read)
 * and waits for its `listening on http://…` line.
 *
 * Its stdout and stderr go straight to a file, as an operator's would go to journald or a log file, never through
 * this process: the bench shares the machine's cores with what it measures, and reading a request log line by line
 * in JavaScript (a line per request, thousands a second) cost the bench CPU that the service then lacked. The file
 * is read only to find the `listening` line and, when something fails, for its last lines.
 */
export async function startService(
  name: string,
  command: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<Service> {
  const [cmd, ...args] = command;
  const dir = mkdtempSync(join(tmpdir(), "parlor-bench-out-"));
  const logFile = join(dir, `${name.replaceAll(/[^\w.-]+/g, "-")}.log`);
  const fd = openSync(logFile, "a");
  let child: ChildProcess;
  try {
    child = spawn(cmd, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", fd, fd] });
  } finally {
    closeSync(fd);
  }
  const output = () => tailOf(logFile, TAIL);
  let stopping = false;
  const exited = new Promise<void>((resolve) => child.once("close", () => resolve()));
  child.once("exit", (code, signal) => {
    if (stopping || code === 0) return;
    process.stderr.write(`${name} exited on its own (${signal ?? `code ${code}`}); its last output:\n${output()}\n`);
  });
  const url = await new Promise<string>((resolve, reject) => {
    let watcher: FSWatcher | null = null;
    const done = () => {
      clearTimeout(timer);
      clearInterval(poll);
      watcher?.close();
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`${name} did not start within 60 s:\n${output()}`));
    }, 60_000);
    const check = () => {
      const m = LISTENING.exec(readFileSync(logFile, "utf8"));
      if (m) {
        done();
        resolve(m[1]);
      }
    };
    // inotify tells of each write at once (a cold start is timed from here); the poll is a safety net.
    watcher = watch(logFile, check);
    const poll = setInterval(check, 25);
    void exited.then(() => {
      done();
      reject(new Error(`${name} exited before listening:\n${output()}`));
    });
  });
  return {
    name,
    url,
    child,
    pid: child.pid as number,
    logFile,
    output,
    async stop(signal = "SIGTERM") {
      stopping = true;
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The last `chars` characters (about: bytes) of a file, read from its end. */
function tailOf(file: string, chars: number): string {
  try {
    const fd = openSync(file, "r");
    try {
      const size = fstatSync(fd).size;
      const length = Math.min(size, chars);
      const buf = Buffer.alloc(length);
      readSync(fd, buf, 0, length, size - length);
      return buf.toString("utf8");
    } finally {
      closeSync(fd);
    }
  } catch {
    return "";
  }
}

/**
 * A process's resident memory split the way /proc/<pid>/status does: anonymous pages (V8's heap, malloc) and
 * file-backed ones (the node binary and its ICU data, shared with every other node process), in MB.
 */
export function rssSplitMb(pid: number): { anon: number; file: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
    return { anon: Math.round(kb("RssAnon") / 1024), file: Math.round((kb("RssFile") + kb("RssShmem")) / 1024) };
  } catch {
    return null;
  }
}

/** Starts the peak-RSS count of a process anew (Linux: writing 5 to clear_refs resets VmHWM). */
export function resetPeakRss(pid: number) {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, "5");
  } catch {
    // not Linux, or not allowed: the peak then covers the process's whole life
  }
}

/** The process's peak resident set size in MB since start or the last reset (VmHWM), or null without /proc. */
export function peakRssMb(pid: number): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

/** The process's resident set size now, in MB (VmRSS), or null without /proc. */
export function rssMb(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

/** User + system CPU seconds a process has used (Linux /proc; clock ticks of 1/100 s). */
export function cpuSeconds(pid: number) {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Runs a node script to its end and returns the JSON object it printed last on stdout. */
export function runJson<T>(command: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<T> {
  const [cmd, ...args] = command;
  const child = spawn(cmd, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout.setEncoding("utf8").on("data", (s: string) => {
    out += s;
  });
  child.stderr.setEncoding("utf8").on("data", (s: string) => {
    err += s;
  });
  return new Promise((resolve, reject) => {
    child.once("close", (code) => {
      const last = out.trim().split("\n").at(-1) ?? "";
      try {
        if (code !== 0) throw new Error(`exit code ${code}`);
        resolve(JSON.parse(last) as T);
      } catch (e) {
        reject(
          new Error(`${args.join(" ")} failed (${(e as Error).message}):\n${err.slice(-4000)}\n${out.slice(-2000)}`),
        );
      }
    });
  });
}
