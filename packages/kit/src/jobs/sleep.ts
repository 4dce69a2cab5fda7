/**
 * A timer that an AbortSignal cuts short: it resolves, never rejects. `unref` lets the process exit while it
 * waits (a job timer must not keep a finished CLI alive).
 *
 *   await sleep(1_000, stopping.signal);
 */
export function sleep(ms: number, signal?: AbortSignal, options: { unref?: boolean } = {}): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    if (options.unref) timer.unref();
    signal?.addEventListener("abort", done, { once: true });
  });
}
