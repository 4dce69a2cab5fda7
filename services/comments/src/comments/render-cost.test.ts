import { RELIABILITY_LONG, recordReliability } from "@parlor/kit/testing";
import { describe, expect, it } from "vitest";
import { BOUNDED_CASES, cpuMs, cpuTable, LENGTH, STEPS, WORST_BODIES } from "../../bench/cpu-per-comment.ts";

// Linear time on the worst bodies known (bench/cpu-per-comment.ts, which `pnpm bench` runs too; pure logic, so in src: one engine): four times the
// length may cost about four times the CPU, never sixteen (what `[[` × 5000 and unclosed `(` in bare addresses cost
// before markdown-bounds.ts). Under `pnpm test:reliability` the whole table is recorded against its targets:
// render + normalisation ≤ 8 ms, screening ≤ 2 ms per 10,000-character comment.
describe("CPU per comment", () => {
  it("renders the costly cases in linear time, at most a few times what ordinary prose costs", {
    timeout: 60_000,
  }, () => {
    const cost = (body: string) => cpuMs(() => STEPS.render(body), 1, 3) + cpuMs(() => STEPS.normalise(body), 1, 3);
    const ordinary = WORST_BODIES["ordinary prose"](LENGTH);
    for (let i = 0; i < 20; i++) cost(ordinary); // warm: the yardstick must be what prose costs, not a cold start
    const prose = cpuMs(() => STEPS.render(ordinary), 5, 5) + cpuMs(() => STEPS.normalise(ordinary), 5, 5);
    const found: Record<string, string> = {};
    const failed: string[] = [];
    for (const name of BOUNDED_CASES) {
      const make = WORST_BODIES[name];
      // Eight times the length: about eight times the cost when linear, sixty-four when quadratic.
      const short = cost(make(1_000));
      const long = cost(make(8_000));
      const atLength = cost(make(LENGTH));
      found[name] =
        `${short.toFixed(2)} → ${long.toFixed(2)} ms; at 10,000: ${atLength.toFixed(2)} ms (prose ${prose.toFixed(2)})`;
      // Below 2 ms a comment is cheap whatever the ratio (and timer noise rules small figures).
      if (long > 2 && long / Math.max(short, 0.1) > 24) failed.push(`${name}: grows with the square`);
      if (atLength > 2 && atLength > 25 * prose) failed.push(`${name}: ${(atLength / prose).toFixed(0)} × prose`);
    }
    expect(failed, JSON.stringify(found, null, 1)).toEqual([]);
  });

  it.runIf(RELIABILITY_LONG)("records the worst-case CPU table", { timeout: 600_000 }, () => {
    for (const row of cpuTable(LENGTH, 10, 5)) {
      const renderAndNormalise = row.renderMs + row.normaliseMs;
      recordReliability({
        name: `CPU per 10,000-character comment: ${row.name}`,
        kind: "cpu",
        ok: renderAndNormalise <= 8 && row.screenMs <= 2,
        detail: `render ${row.renderMs.toFixed(2)} + normalise ${row.normaliseMs.toFixed(2)} = ${renderAndNormalise.toFixed(2)} ms (≤ 8); screen ${row.screenMs.toFixed(2)} ms (≤ 2)`,
      });
    }
  });
});
