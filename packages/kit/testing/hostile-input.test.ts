import { describe, expect, it } from "vitest";
import { findScriptable } from "./hostile-input.ts";

describe("findScriptable", () => {
  it("finds what could run script, and passes what cannot", () => {
    expect(findScriptable('<img src=x onerror="alert(1)">')).toEqual(["onerror on <img>"]);
    expect(findScriptable('<a href=" jav&#x61;script:alert(1)">x</a>')).toHaveLength(1);
    expect(findScriptable("<svg><script>alert(1)</script></svg>")).toEqual(["<svg>", "<script>"]);
    expect(findScriptable("<style>x</style><p>a</p><style>y</style>", "<style>x</style>")).toEqual([
      "an extra <style>",
    ]);
    expect(findScriptable('<p>&lt;script&gt; <a href="https://example.org" rel="nofollow">ok</a></p>')).toEqual([]);
  });
});
