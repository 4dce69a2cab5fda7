import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type CorpusItem, corpusParts, evaluate, formatTable, LABELS, type PartResult } from "./evaluate.ts";
import { HELD_OUT_NAME } from "./training-files.ts";

const { training, heldOut } = corpusParts({ heldOut: true });
const part = (name: string) => training.find(([n]) => n === name)?.[1] ?? [];
const dev = part("dev");
const train = part("train");
const trainingItems = training.flatMap(([, items]) => items);

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

  it("has a training set of at least 1,000 risk statements and 1,500 ordinary sentences and mentions", () => {
    const n = countBy(train);
    expect(n.risk).toBeGreaterThanOrEqual(1000);
    expect(n.ordinary + n.mention).toBeGreaterThanOrEqual(1500);
    expect(train.every((item) => /^t-\d{4}$/.test(item.id))).toBe(true);
  });

  it("names the screening-instrument item behind each risk sentence it wrote, or says it is original", () => {
    for (const item of [...dev, ...train].filter((i) => i.label === "risk")) {
      expect(item.source).toMatch(/^(?:(?:C-SSRS screen|PHQ-9|ASQ) item \d \(paraphrased\)|original)$/);
    }
  });

  it.runIf(heldOut)("reaches the minimums with the held-out part, every id and sentence once", () => {
    const whole = [...trainingItems, ...(heldOut ?? [])];
    const n = countBy(whole);
    expect(whole.length).toBeGreaterThanOrEqual(300);
    expect(n.risk).toBeGreaterThanOrEqual(120);
    expect(n.contact).toBeGreaterThanOrEqual(60);
    expect(n.ordinary).toBeGreaterThanOrEqual(150);
    expect(new Set(whole.map((i) => i.id)).size).toBe(whole.length);
    expect(new Set(whole.map((i) => i.text)).size).toBe(whole.length);
  });

  it("keeps ids unique and sentences distinct across every part", () => {
    const whole = [...trainingItems, ...(heldOut ?? [])];
    expect(new Set(whole.map((i) => i.id)).size).toBe(whole.length);
    expect(new Set(whole.map((i) => i.text)).size).toBe(whole.length);
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
      const parts: [string, PartResult][] = [
        ["whole", evaluate([...trainingItems, ...(heldOut ?? [])])],
        [HELD_OUT_NAME, evaluate(heldOut ?? [])],
        ...training.map(([name, items]): [string, PartResult] => [name, evaluate(items)]),
      ];
      const docs = readFileSync(new URL("../../../../docs/screen.md", import.meta.url), "utf8");
      const shown = /<!-- screen:eval -->\n([\s\S]*?)\n<!-- \/screen:eval -->/.exec(docs)?.[1];
      // When this fails, the screen or the corpus changed: paste `pnpm --filter @parlor/comments screen:eval --markdown`.
      expect(shown).toBe(formatTable(parts, true));
    },
  );
});
