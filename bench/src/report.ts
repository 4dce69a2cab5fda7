import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface Row {
  scenario: string;
  unit: string;
  parlor: number;
  baseline: number | null;
  /** parlor / baseline (for times: baseline / parlor, so higher is better everywhere). */
  ratio: number | null;
  p50?: number;
  p99?: number;
  baselineP99?: number;
  errors: number;
  rssMb: number | null;
  note?: string;
}

const fmt = (n: number | null | undefined, digits = 0) =>
  n === null || n === undefined
    ? "–"
    : n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

export function markdownTable(rows: Row[]): string {
  const lines = [
    "| Scenario | Parlor | Baseline | Ratio | p50 ms | p99 ms (baseline) | Errors | Peak RSS MB |",
    "|---|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const r of rows) {
    // Milliseconds of CPU work (the screen) need their decimals; request rates and latencies do not.
    const digits = r.unit === "ms" ? 2 : 0;
    const p99 = r.p99 === undefined ? "–" : `${fmt(r.p99)} (${fmt(r.baselineP99)})`;
    lines.push(
      `| ${r.scenario}${r.note ? ` <br><sub>${r.note}</sub>` : ""} | ${fmt(r.parlor, digits)} ${r.unit} | ${fmt(r.baseline, digits)} ${r.unit} | ${fmt(r.ratio, 2)} | ${fmt(r.p50, digits)} | ${p99} | ${r.errors} | ${fmt(r.rssMb)} |`,
    );
  }
  return lines.join("\n");
}

/** A small table of its own below the main one (e.g. CPU per comment), with the figures as they should read. */
export interface Table {
  title: string;
  header: string[];
  rows: string[][];
}

function smallTable(t: Table): string {
  return [
    `**${t.title}**`,
    "",
    `| ${t.header.join(" | ")} |`,
    `|---|${t.header
      .slice(1)
      .map(() => "---:")
      .join("|")}|`,
    ...t.rows.map((r) => `| ${r.join(" | ")} |`),
  ].join("\n");
}

export function writeResults(
  dir: string,
  meta: Record<string, unknown>,
  rows: Row[],
  checks: string[],
  tables: Table[] = [],
) {
  mkdirSync(dir, { recursive: true });
  const md = [
    `Parlor bench, ${meta.date} (node ${process.version}, ${meta.cpus} cores; ${meta.settings}).`,
    "",
    markdownTable(rows),
    "",
    ...tables.flatMap((t) => [smallTable(t), ""]),
    ...checks.map((c) => `- ${c}`),
    "",
  ].join("\n");
  writeFileSync(join(dir, "latest.md"), md);
  writeFileSync(join(dir, "latest.json"), `${JSON.stringify({ ...meta, rows, tables, checks }, null, 2)}\n`);
  return md;
}
