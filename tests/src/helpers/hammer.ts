/** What one request of a run came to: its HTTP status, or "error" when the connection failed (a killed server). */
export interface Outcome<T> {
  i: number;
  status: number | "error";
  ms: number;
  /** What `send` returned with the status (an id, the answer's body). */
  value?: T;
}

export interface Hammer<T> {
  /** Requests answered with one of the `acknowledged` statuses so far. */
  acknowledged(): number;
  /** Every request once all `total` have ended, in the order they were made. */
  done: Promise<Outcome<T>[]>;
}

/**
 * Sends requests 0 … total-1 as fast as `concurrency` lanes allow; each request is made once, never retried, so
 * what the client was told about each one is exact.
 *
 *   const run = hammer(300, 8, [201], async (i) => { const r = await fetch(…); return { status: r.status } });
 */
export function hammer<T>(
  total: number,
  concurrency: number,
  acknowledged: number[],
  send: (i: number) => Promise<{ status: number; value?: T }>,
): Hammer<T> {
  const outcomes: Outcome<T>[] = [];
  let next = 0;
  let acked = 0;
  async function lane() {
    while (next < total) {
      const i = next++;
      const began = performance.now();
      try {
        const { status, value } = await send(i);
        if (acknowledged.includes(status)) acked++;
        outcomes[i] = { i, status, ms: performance.now() - began, value };
      } catch {
        outcomes[i] = { i, status: "error", ms: performance.now() - began };
      }
    }
  }
  const done = Promise.all(Array.from({ length: concurrency }, lane)).then(() => outcomes);
  return { acknowledged: () => acked, done };
}

/** The p-th percentile (0–100) of the numbers, nearest rank. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
