import { decodeTime } from "ulid";
import { describe, expect, it } from "vitest";
import { idAt, newId } from "./ids.ts";

describe("newId", () => {
  it("increases strictly within one millisecond and carries the time it was given", () => {
    // A millisecond later than any id made before in this process (ids for now, or for a test clock): the
    // factory is monotonic for the whole process, so an earlier time would be carried past, as it should be.
    const t = Date.now() + 60_000;
    const ids = Array.from({ length: 1_000 }, () => newId(t));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(decodeTime(ids[0])).toBe(t);
  });
});

describe("idAt", () => {
  it("dates an id at a past time even after ids for now were made", () => {
    newId();
    const past = new Date("2019-03-04T05:06:07.089Z");
    expect(decodeTime(idAt(past))).toBe(past.getTime());
    expect(decodeTime(idAt(past.getTime()))).toBe(past.getTime());
  });

  it("is unique for many ids of the same millisecond", () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => idAt(0)));
    expect(ids.size).toBe(10_000);
  });
});
