import { sleep } from "./sleep.ts";

export interface Job {
  /** Stops the loop: wakes it from its wait and resolves once a run in progress has ended. */
  stop(): Promise<void>;
  /**
   * Work is waiting: a wait in progress ends at once, and a run in progress is followed by another without one
   * (work queued while it ran may have come too late for it). Runs still never overlap.
   */
  wake(): void;
}

export interface JobOptions<T> {
  /** One run. Its result goes to `again`; an error it throws goes to `onError` and the loop goes on. */
  run: () => Promise<T>;
  /** The wait after a run before the next one. */
  intervalMs: number;
  /** The wait before the first run (0: at once). */
  firstDelayMs?: number;
  /** True when more work is waiting: the next run starts at once instead of after `intervalMs`. */
  again?: (result: T) => boolean;
  onError: (err: unknown) => void;
  /** The waits do not keep the process alive (a job beside a server, which does). */
  unref?: boolean;
}

/**
 * The one periodic-job runner of every service process: the outbox workers' poll loops, the retention jobs, the
 * issue dispatcher and the feed watcher. Runs never overlap: the next wait starts when a run ends.
 *
 *   const retention = startJob({ run: () => job.run(), intervalMs: 3_600_000, firstDelayMs: 5_000,
 *     onError: (err) => logger.error({ err }, "retention run failed") });
 *   await retention.stop();
 */
export function startJob<T>(options: JobOptions<T>): Job {
  const stopping = new AbortController();
  let waking = new AbortController();
  let woken = false;
  // stop() and wake() both end a wait through `waking`, a controller of its own per wait: a signal combined
  // with AbortSignal.any for each wait would be kept alive by the long-lived one.
  const wait = async (ms: number) => {
    if (woken || stopping.signal.aborted) return;
    waking = new AbortController();
    await sleep(ms, waking.signal, { unref: options.unref });
  };
  const loop = (async () => {
    if (options.firstDelayMs) await wait(options.firstDelayMs);
    while (!stopping.signal.aborted) {
      let again = false;
      woken = false;
      try {
        const result = await options.run();
        again = options.again?.(result) ?? false;
      } catch (err) {
        options.onError(err);
      }
      if (!again) await wait(options.intervalMs);
    }
  })();
  return {
    async stop() {
      stopping.abort();
      waking.abort();
      await loop;
    },
    wake() {
      woken = true;
      waking.abort();
    },
  };
}

/**
 * A service's retention job: first run 5 s after start, then every `intervalMs` (at least a minute), on timers
 * that never keep the process alive; a run that did something is logged as `event` with its counts.
 *
 *   startRetentionJob({ event: "retention.run", intervalMs: config.RETENTION_INTERVAL, logger, run: () => retention.run() });
 */
export function startRetentionJob(options: {
  event: string;
  intervalMs: number;
  run: () => Promise<Record<string, number>>;
  logger: { info(obj: object, msg?: string): void; error(obj: object, msg?: string): void };
}): Job {
  const { event, logger } = options;
  return startJob({
    run: async () => {
      const counts = await options.run();
      if (Object.values(counts).some((n) => n > 0)) logger.info({ event, ...counts }, event);
    },
    firstDelayMs: 5_000,
    intervalMs: Math.max(60_000, options.intervalMs),
    unref: true,
    onError: (err) => logger.error({ event: `${event}_failed`, err }, `${event} failed`),
  });
}
