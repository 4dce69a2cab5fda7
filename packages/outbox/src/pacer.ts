import { sleep } from "@parlor/kit/jobs";

/**
 * Spaces sends evenly at `ratePerSecond` (0 = no limit), so a newsletter going to thousands never floods the
 * relay or trips its per-second limits. Callers take turns: each `wait()` reserves the next free slot.
 */
export function createPacer(ratePerSecond: number) {
  const gapMs = ratePerSecond > 0 ? 1000 / ratePerSecond : 0;
  let nextSlot = 0;
  return {
    /** Resolves at this caller's slot; false if `signal` fired first (the slot is then lost, which is harmless). */
    async wait(signal?: AbortSignal): Promise<boolean> {
      if (gapMs === 0) return !signal?.aborted;
      const now = performance.now();
      const at = Math.max(now, nextSlot);
      nextSlot = at + gapMs;
      if (at > now) await sleep(at - now, signal);
      return !signal?.aborted;
    },
  };
}
export type Pacer = ReturnType<typeof createPacer>;
