import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { type CorpusItem, evaluate, formatTable, LABELS, loadCorpus, type PartResult } from "./evaluate.ts";

const corpusFile = (name: string) => fileURLToPath(new URL(`../../test/screen-corpus/${name}.jsonl`, import.meta.url));
const dev = loadCorpus(corpusFile("dev"));
const heldOut = existsSync(corpusFile("heldout")) ? loadCorpus(corpusFile("heldout")) : null;

const countBy = (items: readonly CorpusItem[]) =>
  Object.fromEntries(LABELS.map((label) => [label, items.filter((i) => i.label === label).length]));

describe("the screen's evaluation corpus", () => {
  it("has a development part with at least 80 risk, 40 contact, 100 ordinary and 15 mention sentences", () => {
    const n = countBy(dev);
    expect(n.risk).toBeGreaterThanOrEqual(80);
    expect(n.contact).toBeGreaterThanOrEqual(40);
    expect(n.ordinary).toBeGreaterThanOrEqual(100);
    expect(n.mention).toBeGreaterThanOrEqual(15);
  });

  it("names the screening-instrument item behind each risk sentence, or says it is original", () => {
    for (const item of dev.filter((i) => i.label === "risk")) {
      expect(item.source).toMatch(/^(?:(?:C-SSRS screen|PHQ-9|ASQ) item \d \(paraphrased\)|original)$/);
    }
  });

  it.runIf(heldOut)("reaches the minimums with the held-out part, every id and sentence once", () => {
    const whole = [...dev, ...(heldOut ?? [])];
    const n = countBy(whole);
    expect(whole.length).toBeGreaterThanOrEqual(300);
    expect(n.risk).toBeGreaterThanOrEqual(120);
    expect(n.contact).toBeGreaterThanOrEqual(60);
    expect(n.ordinary).toBeGreaterThanOrEqual(150);
    expect(new Set(whole.map((i) => i.id)).size).toBe(whole.length);
    expect(new Set(whole.map((i) => i.text)).size).toBe(whole.length);
  });

  it("keeps development ids unique and sentences distinct", () => {
    expect(new Set(dev.map((i) => i.id)).size).toBe(dev.length);
    expect(new Set(dev.map((i) => i.text)).size).toBe(dev.length);
  });

  it("counts a missed risk, a missed contact detail, a flagged ordinary sentence and a mention apart", () => {
    const item = (label: CorpusItem["label"], category: string): CorpusItem => ({
      id: "x-0001",
      text: label,
      label,
      category,
      source: "original",
    });
    const flagsFor: Record<string, string[]> = {
      risk: [],
      contact: ["contact_details"],
      ordinary: ["crisis"],
      mention: ["crisis"],
    };
    const result = evaluate(
      [item("risk", "plan"), item("contact", "phone"), item("ordinary", "dose"), item("mention", "news")],
      (text) => flagsFor[text],
    );
    expect(result.byLabel).toEqual({
      risk: { n: 1, hits: 0 },
      contact: { n: 1, hits: 1 },
      ordinary: { n: 1, hits: 1 },
      mention: { n: 1, hits: 1 },
    });
    expect(result.wrong.map((w) => w.item.label)).toEqual(["risk", "ordinary"]);
  });

  it.runIf(heldOut)(
    "is measured in the docs as the screen measures today (docs/screen.md shows screen:eval's table)",
    () => {
      const whole = [...dev, ...(heldOut ?? [])];
      const parts: [string, PartResult][] = [
        ["whole", evaluate(whole)],
        ["held-out", evaluate(heldOut ?? [])],
        ["dev", evaluate(dev)],
      ];
      const docs = readFileSync(new URL("../../../../docs/screen.md", import.meta.url), "utf8");
      const shown = /<!-- screen:eval -->\n([\s\S]*?)\n<!-- \/screen:eval -->/.exec(docs)?.[1];
      // When this fails, the screen or the corpus changed: paste `pnpm --filter @parlor/comments screen:eval --markdown`.
      expect(shown).toBe(formatTable(parts, true));
    },
  );
});
