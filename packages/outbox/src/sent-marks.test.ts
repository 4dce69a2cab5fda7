import { describe, expect, it } from "vitest";
import { createSentMarks } from "./sent-marks.ts";

describe("sent marks", () => {
  it("writes the marks of sends that finish together in one write, and says which rows were still ours", async () => {
    const writes: string[][] = [];
    const marks = createSentMarks(async (ids) => {
      writes.push(ids);
      return new Set(ids.filter((id) => id !== "lost"));
    });
    const results = await Promise.all(["a", "b", "lost", "c"].map((id) => marks.mark(id)));
    expect(results).toEqual([true, true, false, true]);
    expect(writes).toEqual([["a", "b", "lost", "c"]]);
  });

  it("writes at once when a group is full, and a failed write rejects only its own group", async () => {
    let calls = 0;
    const marks = createSentMarks(
      async (ids) => {
        calls++;
        if (calls === 1) throw new Error("disk full");
        return new Set(ids);
      },
      { maxGroup: 2, delayMs: 10_000 },
    );
    const first = [marks.mark("a"), marks.mark("b")];
    const second = [marks.mark("c"), marks.mark("d")];
    await expect(Promise.all(first)).rejects.toThrow("disk full");
    expect(await Promise.all(second)).toEqual([true, true]);
  });
});
