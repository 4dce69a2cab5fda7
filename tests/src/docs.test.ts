import { readFileSync } from "node:fs";
import { describeConfig } from "@parlor/kit/config";
import { describe, expect, it } from "vitest";
import { services } from "../../scripts/docs/configuration.ts";
import { generated, repoRoot, staleParts } from "../../scripts/docs/generate.ts";

describe("the generated docs", () => {
  it("are what the code makes now (run `pnpm run docs` after changing a schema or an email)", () => {
    expect(generated.length).toBeGreaterThan(0);
    expect(staleParts()).toEqual([]);
  });

  it("document every setting of both services, each with a meaning and a default", () => {
    const page = readFileSync(`${repoRoot}docs/configuration.md`, "utf8");
    for (const { name, shape } of services) {
      const settings = describeConfig(shape);
      expect(settings.length, name).toBeGreaterThan(40);
      const missing = settings.filter((s) => !page.includes(`| \`${s.name}\` |`)).map((s) => s.name);
      expect(missing, `${name}: variables missing from docs/configuration.md`).toEqual([]);
      const undescribed = settings.filter((s) => s.description.trim() === "").map((s) => s.name);
      expect(undescribed, `${name}: variables without a description in the schema`).toEqual([]);
    }
  });
});
