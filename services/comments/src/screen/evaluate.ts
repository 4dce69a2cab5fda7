import { existsSync, readFileSync } from "node:fs";
import { z } from "zod";
import { DEFAULT_SCREEN_POLICY, screenComment } from "./screen.ts";
import { HELD_OUT_FILE, PRESENT_PARTS } from "./training-files.ts";

// Measures the screen on the labelled corpus in test/screen-corpus (see its README): recall on statements of risk
// and on contact details, false alarms on ordinary talk, and mentions apart. Used by `pnpm screen:eval` and by
// corpus.test.ts, which holds the held-out part to the thresholds of the docs.

export const LABELS = ["risk", "contact", "ordinary", "mention"] as const;
export type Label = (typeof LABELS)[number];

export const CATEGORIES: Record<Label, readonly string[]> = {
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

export const CorpusItem = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9]*-\d{4}$/),
    text: z.string().min(1),
    label: z.enum(LABELS),
    category: z.string(),
    source: z.string().min(1),
  })
  .refine((item) => CATEGORIES[item.label].includes(item.category), {
    message: "category does not belong to the label",
    path: ["category"],
  });
export type CorpusItem = z.infer<typeof CorpusItem>;

/** One JSON object a line; a bad line throws naming the file and line (never its text). */
export function loadCorpus(file: string): CorpusItem[] {
  const items: CorpusItem[] = [];
  readFileSync(file, "utf8")
    .split("\n")
    .forEach((line, index) => {
      if (line.trim() === "") return;
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        throw new Error(`${file}:${index + 1}: not JSON`);
      }
      const parsed = CorpusItem.safeParse(json);
      if (!parsed.success) {
        const fields = parsed.error.issues.map((i) => i.path.join(".") || "(line)").join(", ");
        throw new Error(`${file}:${index + 1}: bad ${fields}`);
      }
      items.push(parsed.data);
    });
  return items;
}

/** The corpus as the evaluation reads it; `heldOut: false` never opens the held-out file. */
export function corpusParts(options: { heldOut: boolean }): {
  training: [name: string, items: CorpusItem[]][];
  heldOut: CorpusItem[] | null;
} {
  return {
    training: PRESENT_PARTS.map(({ name, file }) => [name, loadCorpus(file)]),
    heldOut: options.heldOut && HELD_OUT_FILE !== null && existsSync(HELD_OUT_FILE) ? loadCorpus(HELD_OUT_FILE) : null,
  };
}

/** Not a flag: what the evaluation adds to the flags when the reader is shown the helpline without `crisis`. */
export const HELPLINE = "helpline";

/** The flags the screen gives a corpus sentence posted as a comment body, and HELPLINE when only the helpline shows. */
export function screenText(text: string): string[] {
  const result = screenComment(
    { body: text, authorName: "Reader", linkCount: 0, overSoftRateLimit: false },
    DEFAULT_SCREEN_POLICY,
  );
  return result.helpline && !result.crisis ? [...result.flags, HELPLINE] : result.flags;
}

/** What counts for each label: risk must raise `crisis`, contact `contact_details`; ordinary talk raising either is a false alarm; a mention is held by `crisis` (the documented policy). */
export function counts(item: CorpusItem, flags: readonly string[]): boolean {
  switch (item.label) {
    case "risk":
    case "mention":
      return flags.includes("crisis");
    case "contact":
      return flags.includes("contact_details");
    case "ordinary":
      return flags.includes("crisis") || flags.includes("contact_details");
  }
}

export interface Tally {
  n: number;
  hits: number;
}
export interface PartResult {
  items: number;
  byLabel: Record<Label, Tally>;
  byCategory: Record<string, Tally>;
  /** The sentences that went wrong: a risk or contact item missed, an ordinary one flagged, a mention not held. */
  wrong: { item: CorpusItem; flags: string[] }[];
  /** Risk statements and ordinary sentences whose writer was shown the helpline (held, or the model's likely band). */
  helpline: { risk: Tally; ordinary: Tally };
}

export function evaluate(items: readonly CorpusItem[], screen: (text: string) => string[] = screenText): PartResult {
  const byLabel = Object.fromEntries(LABELS.map((l) => [l, { n: 0, hits: 0 }])) as Record<Label, Tally>;
  const byCategory: Record<string, Tally> = {};
  const wrong: PartResult["wrong"] = [];
  const helpline = { risk: { n: 0, hits: 0 }, ordinary: { n: 0, hits: 0 } };
  for (const item of items) {
    const flags = screen(item.text);
    if (item.label === "risk" || item.label === "ordinary") {
      helpline[item.label].n++;
      if (flags.includes("crisis") || flags.includes(HELPLINE)) helpline[item.label].hits++;
    }
    const hit = counts(item, flags);
    byLabel[item.label].n++;
    const category = `${item.label}.${item.category}`;
    byCategory[category] ??= { n: 0, hits: 0 };
    byCategory[category].n++;
    if (hit) {
      byLabel[item.label].hits++;
      byCategory[category].hits++;
    }
    if (hit === (item.label === "ordinary")) wrong.push({ item, flags });
  }
  return { items: items.length, byLabel, byCategory, wrong, helpline };
}

export const rate = (t: Tally | undefined) => (t && t.n > 0 ? t.hits / t.n : null);

const LABEL_TITLES: Record<Label, string> = {
  risk: "risk: recall",
  contact: "contact: recall",
  ordinary: "ordinary: false alarms",
  mention: "mention: held (not false alarms)",
};

function cell(t: Tally | undefined): string {
  const r = rate(t);
  return t && r !== null ? `${t.hits}/${t.n} ${(100 * r).toFixed(1).padStart(5)} %` : "–";
}

/** A plain-text table, or a Markdown one for the docs: a row per label and category, a column per part. */
export function formatTable(parts: [name: string, result: PartResult][], markdown = false): string {
  const rows: string[][] = [];
  for (const label of LABELS) {
    rows.push([LABEL_TITLES[label], ...parts.map(([, r]) => cell(r.byLabel[label]))]);
    for (const category of CATEGORIES[label]) {
      const key = `${label}.${category}`;
      if (parts.every(([, r]) => !r.byCategory[key])) continue;
      rows.push([markdown ? `  ${category}` : `  ${category}`, ...parts.map(([, r]) => cell(r.byCategory[key]))]);
    }
  }
  rows.push(
    ["risk: helpline shown (held, or likely)", ...parts.map(([, r]) => cell(r.helpline.risk))],
    ["ordinary: helpline shown", ...parts.map(([, r]) => cell(r.helpline.ordinary))],
  );
  const header = ["", ...parts.map(([name, r]) => `${name} (${r.items})`)];
  if (markdown) {
    const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
    return [
      line(header),
      line(header.map((_, i) => (i === 0 ? "---" : "---:"))),
      ...rows.map((r) => line([r[0].startsWith("  ") ? `&nbsp;&nbsp;${r[0].trim()}` : `**${r[0]}**`, ...r.slice(1)])),
    ].join("\n");
  }
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((r) => r[i].length)));
  const pad = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("   ");
  return [pad(header), ...rows.map(pad)].join("\n");
}

// The worst inputs known for the screen (the hardening review's among them), each made 10,000 characters long.
const TEN_THOUSAND = 10_000;
const fill = (unit: string) => unit.repeat(Math.ceil(TEN_THOUSAND / unit.length)).slice(0, TEN_THOUSAND);
export const HOSTILE_BODIES: Record<string, string> = {
  "mrn- repeated": fill("mrn-"),
  "digits and separators": fill("1-2 "),
  "spelled mail": fill("a at b dot "),
  "spelled digits": fill("one two "),
  "labels without values": fill("born : "),
  "one long number": fill("5"),
  "one long number between letters": `a${"5".repeat(TEN_THOUSAND - 2)}x`,
  "one long word": fill("a"),
  "spaced letters": fill("k i l l "),
  brackets: fill("[["),
  "NFKC-expanding characters": fill("\ufdfa"),
  "invisible characters": fill("a\u200b"),
  "first-person words": fill("i want to "),
};

export interface Timing {
  name: string;
  /** The fastest of the runs: the cost itself, what a quiet machine pays. */
  minMs: number;
  /** The median: what it paid on this machine with whatever else was running. */
  medianMs: number;
}

/** Milliseconds to screen each 10,000-character body: ordinary prose made from the corpus, then the hostile ones. */
export function timeScreen(prose: string, runs = 100, screen: (text: string) => string[] = screenText): Timing[] {
  const bodies: [string, string][] = [
    ["ordinary prose", prose.slice(0, TEN_THOUSAND)],
    ...Object.entries(HOSTILE_BODIES),
  ];
  return bodies.map(([name, body]) => {
    for (let i = 0; i < 20; i++) screen(body); // warm the JIT
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      screen(body);
      times.push(performance.now() - started);
    }
    times.sort((a, c) => a - c);
    return { name, minMs: times[0], medianMs: times[Math.floor(times.length / 2)] };
  });
}

/** 10,000 characters of the corpus's ordinary sentences, joined as paragraphs, the way a long comment reads. */
export function ordinaryProse(items: readonly CorpusItem[]): string {
  const sentences = items.filter((i) => i.label === "ordinary").map((i) => i.text);
  let prose = "";
  for (let i = 0; prose.length < TEN_THOUSAND && sentences.length > 0; i++) {
    prose += `${sentences[i % sentences.length]}${i % 4 === 3 ? "\n\n" : " "}`;
  }
  return prose.slice(0, TEN_THOUSAND);
}
