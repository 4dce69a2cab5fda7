import { describe, expect, it } from "vitest";
import { startJob } from "./job.ts";
import { sleep } from "./sleep.ts";

describe("startJob", () => {
  it("runs again at once while there is more work, then waits its interval; stop() wakes the wait", async () => {
    const runs: number[] = [];
    let left = 3;
    const job = startJob({
      run: async () => {
        runs.push(Date.now());
        return --left > 0;
      },
      again: (more) => more,
      intervalMs: 60_000,
      onError: () => {},
    });
    await sleep(50);
    expect(runs).toHaveLength(3); // two "more work" runs followed at once; the third waits a minute
    const stopping = Date.now();
    await job.stop();
    expect(Date.now() - stopping).toBeLessThan(1_000);
  });

  it("keeps going after a failing run, and stop() waits for a run in progress", async () => {
    const errors: unknown[] = [];
    let runs = 0;
    let finished = false;
    const job = startJob({
      run: async () => {
        runs++;
        if (runs === 1) throw new Error("store busy");
        await sleep(100);
        finished = true;
      },
      intervalMs: 10,
      onError: (err) => errors.push(err),
    });
    await sleep(40);
    await job.stop();
    expect(errors).toHaveLength(1);
    expect(finished).toBe(true);
  });

  it("wake() ends a wait at once, and a wake during a run gets another run right after it", async () => {
    let runs = 0;
    let release = () => {};
    const job = startJob({
      run: async () => {
        runs++;
        if (runs === 2) await new Promise<void>((r) => (release = r));
      },
      intervalMs: 60_000,
      onError: () => {},
    });
    await sleep(20);
    expect(runs).toBe(1); // waiting its minute
    job.wake();
    await sleep(20);
    expect(runs).toBe(2); // woken: the second run is in progress
    job.wake(); // work arrives while it runs
    release();
    await sleep(20);
    expect(runs).toBe(3); // followed at once, not after the interval
    await sleep(20);
    expect(runs).toBe(3); // then it waits again
    await job.stop();
  });
});
