import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

// The screen's evaluation corpus (test/screen-corpus/README.md). This test checks only that the files are
// well-formed; it never runs the screen. Its failures name ids and line numbers, never a text, so running it tells
// the screen's authors nothing about the held-out sentences they are measured on.

const dir = new URL("./screen-corpus/", import.meta.url);

const CATEGORIES: Record<string, readonly string[]> = {
  risk: [
    "passive_ideation",
    "burdensomeness",
    "hopelessness",
    "active_ideation",
    "plan",
    "preparation",
    "past_attempt",
    "self_injury",
  ],
  contact: [
    "phone",
    "phone_spelled",
    "email",
    "email_obfuscated",
    "street_address",
    "date_of_birth",
    "record_number",
    "member_number",
    "insurance_number",
  ],
  ordinary: ["figurative", "dose", "accidental_overdose", "numbers", "negated_risk", "general"],
  mention: ["clinical", "third_person", "news"],
};
/** A held-out version: its file, id form, README heading and version line, and the sizes it promises. */
interface HeldoutVersion {
  version: string;
  file: string;
  ids: RegExp;
  heading: string;
  versionLine: string;
  minimum: Record<string, number>;
  perRiskCategory: number;
  perOtherCategory: number;
}

const HELDOUT_VERSIONS: HeldoutVersion[] = [
  {
    version: "v1 (spent)",
    file: "heldout.jsonl",
    ids: /^h-\d{4}$/,
    heading: "## The held-out part, v1",
    versionLine: "heldout v1, 2026-12-07",
    minimum: { risk: 65, contact: 32, ordinary: 75, mention: 15 },
    perRiskCategory: 6,
    perOtherCategory: 3,
  },
  {
    version: "v2",
    file: "heldout-v2.jsonl",
    ids: /^h2-\d{4}$/,
    heading: "## The held-out part, v2",
    versionLine: "heldout v2, 2026-12-07",
    minimum: { risk: 110, contact: 65, ordinary: 110, mention: 20 },
    perRiskCategory: 10,
    perOtherCategory: 5,
  },
  {
    version: "v3",
    file: "heldout-v3.jsonl",
    ids: /^h3-\d{4}$/,
    heading: "## The held-out part, v3",
    versionLine: "heldout v3, 2026-12-07",
    minimum: { risk: 140, contact: 100, ordinary: 150, mention: 30 },
    perRiskCategory: 14,
    perOtherCategory: 9,
  },
  {
    version: "v4",
    file: "heldout-v4.jsonl",
    ids: /^h4-\d{4}$/,
    heading: "## The held-out part, v4",
    versionLine: "heldout v4, 2026-12-07",
    minimum: { risk: 140, contact: 100, ordinary: 150, mention: 30 },
    perRiskCategory: 14,
    perOtherCategory: 9,
  },
  {
    version: "v5",
    file: "heldout-v5.jsonl",
    ids: /^h5-\d{4}$/,
    heading: "## The held-out part, v5",
    versionLine: "heldout v5, 2026-12-07",
    minimum: { risk: 160, contact: 100, ordinary: 160, mention: 30 },
    perRiskCategory: 15,
    perOtherCategory: 9,
  },
  {
    version: "v6",
    file: "heldout-v6.jsonl",
    ids: /^h6-\d{4}$/,
    heading: "## The held-out part, v6",
    versionLine: "heldout v6, 2026-12-07",
    minimum: { risk: 160, contact: 100, ordinary: 160, mention: 30 },
    perRiskCategory: 15,
    perOtherCategory: 9,
  },
  {
    version: "v7",
    file: "heldout-v7.jsonl",
    ids: /^h7-\d{4}$/,
    heading: "## The held-out part, v7",
    versionLine: "heldout v7, 2026-12-07",
    minimum: { risk: 160, contact: 100, ordinary: 160, mention: 30 },
    perRiskCategory: 15,
    perOtherCategory: 9,
  },
  {
    version: "v8",
    file: "heldout-v8.jsonl",
    ids: /^h8-\d{4}$/,
    heading: "## The held-out part, v8",
    versionLine: "heldout v8, 2026-12-07",
    minimum: { risk: 160, contact: 100, ordinary: 160, mention: 30 },
    perRiskCategory: 15,
    perOtherCategory: 9,
  },
  {
    version: "v9",
    file: "heldout-v9.jsonl",
    ids: /^h9-\d{4}$/,
    heading: "## The held-out part, v9",
    versionLine: "heldout v9, 2026-12-07",
    minimum: { risk: 160, contact: 100, ordinary: 160, mention: 30 },
    perRiskCategory: 15,
    perOtherCategory: 9,
  },
];
const INSTRUMENT_ITEM = /^(C-SSRS screener item [1-6]|PHQ-9 item 9|ASQ item [1-5])$/;
const FIELDS = ["category", "id", "label", "source", "text"];

interface Entry {
  line: number;
  id: string;
  text: string;
  label: string;
  category: string;
  source: string;
}

/** Reads a corpus file; `problems` lists every malformed line by number (never its text). */
function readCorpus(name: string): { entries: Entry[]; problems: string[] } {
  const lines = readFileSync(new URL(name, dir), "utf8").split("\n");
  if (lines.at(-1) === "") lines.pop();
  const entries: Entry[] = [];
  const problems: string[] = [];
  lines.forEach((raw, index) => {
    const line = index + 1;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      problems.push(`line ${line}: not JSON`);
      return;
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      problems.push(`line ${line}: not an object`);
      return;
    }
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).sort();
    if (keys.join() !== FIELDS.join()) problems.push(`line ${line}: fields ${keys.join()}`);
    if (FIELDS.some((field) => typeof record[field] !== "string" || (record[field] as string).trim() === "")) {
      problems.push(`line ${line}: a field is missing, empty or not a string`);
      return;
    }
    const entry = { line, ...(record as Omit<Entry, "line">) };
    if (!(entry.label in CATEGORIES)) problems.push(`line ${line}: unknown label ${entry.label}`);
    else if (!CATEGORIES[entry.label].includes(entry.category)) {
      problems.push(`line ${line}: category ${entry.category} is not one of label ${entry.label}`);
    }
    entries.push(entry);
  });
  return { entries, problems };
}

/** Two texts count as one when they differ only in case, spacing or punctuation. */
function textKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

function repeated<T>(values: T[]): T[] {
  const seen = new Set<T>();
  return values.filter((value) => seen.has(value) || !seen.add(value));
}

function countBy(entries: Entry[], key: (entry: Entry) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const entry of entries) counts.set(key(entry), (counts.get(key(entry)) ?? 0) + 1);
  return counts;
}

const heldouts = HELDOUT_VERSIONS.map((version) => ({ ...version, ...readCorpus(version.file) }));

for (const heldout of heldouts) {
  describe(`the held-out part of the screen corpus, ${heldout.version}`, () => {
    it("is one JSON object a line with the five fields, a known label and a category of that label", () => {
      expect(heldout.problems).toEqual([]);
      expect(heldout.entries.length).toBeGreaterThan(0);
    });

    it(`has unique ids of the form ${heldout.ids.source}`, () => {
      const ids = heldout.entries.map((entry) => entry.id);
      expect(ids.filter((id) => !heldout.ids.test(id))).toEqual([]);
      expect(repeated(ids)).toEqual([]);
    });

    it("cites a screening-instrument item for every risk statement, and marks every other text original", () => {
      const wrong = heldout.entries.filter((entry) =>
        entry.label === "risk" ? !INSTRUMENT_ITEM.test(entry.source) : entry.source !== "original",
      );
      expect(wrong.map((entry) => entry.id)).toEqual([]);
    });

    it("holds no text twice, even when case, spacing or punctuation differ", () => {
      const keys = heldout.entries.map((entry) => textKey(entry.text));
      const twice = new Set(repeated(keys));
      expect(heldout.entries.filter((entry) => twice.has(textKey(entry.text))).map((entry) => entry.id)).toEqual([]);
    });

    it("keeps every comment between 5 and 120 words", () => {
      const words = (text: string) => text.trim().split(/\s+/).length;
      const outside = heldout.entries.filter((entry) => words(entry.text) < 5 || words(entry.text) > 120);
      expect(outside.map((entry) => entry.id)).toEqual([]);
    });

    it("holds the minimum number of texts per label and per category", () => {
      const perLabel = countBy(heldout.entries, (entry) => entry.label);
      const perCategory = countBy(heldout.entries, (entry) => `${entry.label}/${entry.category}`);
      const short: string[] = [];
      for (const [label, minimum] of Object.entries(heldout.minimum)) {
        if ((perLabel.get(label) ?? 0) < minimum) short.push(`${label}: ${perLabel.get(label) ?? 0} < ${minimum}`);
        const perOne = label === "risk" ? heldout.perRiskCategory : heldout.perOtherCategory;
        for (const category of CATEGORIES[label]) {
          const count = perCategory.get(`${label}/${category}`) ?? 0;
          if (count < perOne) short.push(`${label}/${category}: ${count} < ${perOne}`);
        }
      }
      expect(short).toEqual([]);
    });

    it("is described by the README: its version line and its count table match the file", () => {
      const readme = readFileSync(new URL("README.md", dir), "utf8");
      expect(readme).toContain(`${heldout.versionLine}, ${heldout.entries.length} items`);
      const start = readme.indexOf(heldout.heading);
      expect(start).toBeGreaterThanOrEqual(0);
      const next = readme.indexOf("\n## ", start + 1);
      const section = readme.slice(start, next === -1 ? undefined : next);
      const table = new Map<string, number>();
      for (const [, label, category, count] of section.matchAll(/^\| (\w+) \| (\w+) \| (\d+) \|$/gm)) {
        table.set(`${label}/${category}`, Number(count));
      }
      const actual = countBy(heldout.entries, (entry) => `${entry.label}/${entry.category}`);
      expect(Object.fromEntries(table)).toEqual(Object.fromEntries(actual));
    });
  });
}

describe("the held-out versions together", () => {
  it("share no id and no text", () => {
    heldouts.forEach((later, index) => {
      for (const earlier of heldouts.slice(0, index)) {
        const earlierIds = new Set(earlier.entries.map((entry) => entry.id));
        const earlierTexts = new Set(earlier.entries.map((entry) => textKey(entry.text)));
        expect(later.entries.filter((entry) => earlierIds.has(entry.id)).map((entry) => entry.id)).toEqual([]);
        // Only the newer version's ids are named: the older one is spent, so this tells nobody anything new.
        expect(later.entries.filter((entry) => earlierTexts.has(textKey(entry.text))).map((entry) => entry.id)).toEqual(
          [],
        );
      }
    });
  });
});

describe("the development part of the screen corpus", () => {
  it.runIf(existsSync(new URL("dev.jsonl", dir)))(
    "is well-formed and shares no text or id with any held-out version",
    () => {
      const dev = readCorpus("dev.jsonl");
      expect(dev.problems).toEqual([]);
      const devIds = dev.entries.map((entry) => entry.id);
      expect(repeated(devIds)).toEqual([]);
      const heldoutIds = new Set(heldouts.flatMap((heldout) => heldout.entries.map((entry) => entry.id)));
      expect(devIds.filter((id) => heldoutIds.has(id))).toEqual([]);
      const heldoutTexts = new Set(heldouts.flatMap((heldout) => heldout.entries.map((entry) => textKey(entry.text))));
      // Only the development ids are named: whoever tunes the screen learns nothing new about the held-out texts.
      expect(dev.entries.filter((entry) => heldoutTexts.has(textKey(entry.text))).map((entry) => entry.id)).toEqual([]);
    },
  );
});

// The training sets: the screen's authors' (train.jsonl) and those of two engineers who never read the screen
// (train-b.jsonl, train-c.jsonl, train-d.jsonl). None may hold a text of a held-out version, or of another part.
const TRAINING_SETS: [file: string, ids: RegExp][] = [
  ["train.jsonl", /^t-\d{4}$/],
  ["train-b.jsonl", /^tb-\d{4}$/],
  ["train-c.jsonl", /^tc-\d{4}$/],
  ["train-d.jsonl", /^td-\d{4}$/],
];

for (const [file, idForm] of TRAINING_SETS) {
  describe(`the training set ${file} of the screen corpus`, () => {
    it(`is well-formed, with unique ids of the form ${idForm.source}`, () => {
      const train = readCorpus(file);
      expect(train.problems).toEqual([]);
      expect(train.entries.length).toBeGreaterThan(0);
      const ids = train.entries.map((entry) => entry.id);
      expect(ids.filter((id) => !idForm.test(id))).toEqual([]);
      expect(repeated(ids)).toEqual([]);
    });

    it("shares no text with the development part, any held-out version or another training set, even in case or punctuation", () => {
      const train = readCorpus(file);
      const others = [
        "dev.jsonl",
        ...HELDOUT_VERSIONS.map((version) => version.file),
        ...TRAINING_SETS.map(([name]) => name).filter((name) => name !== file),
      ]
        .filter((name) => existsSync(new URL(name, dir)))
        .flatMap((name) => readCorpus(name).entries);
      const otherTexts = new Set(others.map((entry) => textKey(entry.text)));
      const twice = new Set(repeated(train.entries.map((entry) => textKey(entry.text))));
      // Only training ids are named: the held-out texts stay unread by whoever trains the screen.
      expect(
        train.entries
          .filter((entry) => otherTexts.has(textKey(entry.text)) || twice.has(textKey(entry.text)))
          .map((entry) => entry.id),
      ).toEqual([]);
    });
  });
}
