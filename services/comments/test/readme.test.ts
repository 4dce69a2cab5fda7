import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { configShape } from "../src/config.ts";

describe("the README", () => {
  it("documents every setting of the comments service", () => {
    const readme = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");
    const missing = Object.keys(configShape).filter((name) => !readme.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });
});
