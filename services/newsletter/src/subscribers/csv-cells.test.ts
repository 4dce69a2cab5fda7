import { describe, expect, it } from "vitest";
import { escapeCell, unescapeCell } from "./csv-cells.ts";

describe("CSV cells", () => {
  it.each(['=HYPERLINK("https://evil.example")', "+1", "-2", "@SUM(A1)", "'quoted", "''", "\tx", "plain", ""])(
    "round-trips %j and never starts a formula",
    (value) => {
      const cell = escapeCell(value);
      expect(cell).not.toMatch(/^[=+\-@\t\r]/);
      expect(unescapeCell(cell)).toBe(value);
    },
  );

  it("writes nothing for missing values", () => {
    expect(escapeCell(null)).toBe("");
  });
});
