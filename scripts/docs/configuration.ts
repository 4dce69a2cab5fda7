// The settings tables of docs/configuration.md, made from the services' configuration schemas: each variable's
// description, and its default (the schema's own, or the `unset` text of its `.meta()` saying what leaving it out
// means), as the kit's describeConfig reads them. A variable both services describe the same way is listed once,
// with each service's default.
import { type ConfigShape, type DescribedSetting, describeConfig } from "@parlor/kit/config";
import { configShape as commentsShape } from "../../services/comments/src/config.ts";
import { configShape as newsletterShape } from "../../services/newsletter/src/config.ts";

export const services: { name: string; prefix: string; shape: ConfigShape }[] = [
  { name: "comments", prefix: "COMMENTS", shape: commentsShape },
  { name: "newsletter", prefix: "NEWSLETTER", shape: newsletterShape },
];

/** The default column: the `unset` text, or the default as written (quoted when it holds spaces). */
function shownDefault(setting: DescribedSetting): string {
  if (setting.unset) return setting.unset;
  if (setting.default === undefined) return "unset";
  const text = String(setting.default);
  if (text === "") return "none";
  return /\s/.test(text) ? `"${text}"` : `\`${text}\``;
}

/** A table cell: pipes escaped, `docs/x.md` mentions made links (the page sits in docs/ itself). */
function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\bdocs\/([\w-]+\.md)(#[\w-]+)?/g, (_m, file, anchor = "") => {
    return `[${file}](${file}${anchor})`;
  });
}

/** The generated part of docs/configuration.md. */
export function renderConfiguration(): string {
  const [comments, newsletter] = services.map((s) => ({
    ...s,
    rows: new Map(
      describeConfig(s.shape).map((d) => [d.name, { meaning: cell(d.description), fallback: cell(shownDefault(d)) }]),
    ),
  }));
  const shared = [...comments.rows.keys()].filter(
    (name) => newsletter.rows.get(name)?.meaning === comments.rows.get(name)?.meaning,
  );

  const out = ["## Settings of both services", ""];
  out.push("| variable | meaning | default (comments) | default (newsletter) |", "| --- | --- | --- | --- |");
  for (const name of shared) {
    const [c, n] = [comments.rows.get(name), newsletter.rows.get(name)];
    out.push(`| \`${name}\` | ${c?.meaning} | ${c?.fallback} | ${n?.fallback} |`);
  }
  for (const s of [comments, newsletter]) {
    out.push("", `## Settings of the ${s.name} service`, "");
    out.push(`Each also as \`${s.prefix}_<NAME>\`. A name in both services' tables means something else in each.`, "");
    out.push("| variable | meaning | default |", "| --- | --- | --- |");
    for (const [name, row] of s.rows) {
      if (!shared.includes(name)) out.push(`| \`${name}\` | ${row.meaning} | ${row.fallback} |`);
    }
  }
  return out.join("\n");
}
