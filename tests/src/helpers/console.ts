import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { HtmlValidate } from "html-validate";
import type { Page } from "playwright-core";
import { ADMIN_TOKEN } from "./env.ts";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const validator = new HtmlValidate({ extends: ["html-validate:standard"] });

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/**
 * axe-core's violations of impact critical, serious or moderate on the page as it is now, each as one line
 * (rule, impact, the first elements). The console's CSP forbids injected scripts: open it with `bypassCSP`.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ content: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(c: Document, o: object): Promise<{ violations: unknown[] }> } }).axe;
    return (await axe.run(document, { resultTypes: ["violations"] })).violations;
  });
  return (violations as AxeViolation[])
    .filter((v) => v.impact === "critical" || v.impact === "serious" || v.impact === "moderate")
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => `${n.target.join(" ")}${n.failureSummary ? ` [${n.failureSummary.replace(/\s+/g, " ")}]` : ""}`)
          .join("; ")}`,
    );
}

/** html-validate's errors (standard preset) on the page's DOM as it is now, one line each. */
export async function htmlErrors(page: Page): Promise<string[]> {
  const html = await page.content();
  const report = await validator.validateString(html);
  const lines = html.split("\n");
  return report.results.flatMap((r) =>
    r.messages
      .filter((m) => m.severity === 2)
      .map(
        (m) =>
          `${m.ruleId}: ${m.message} — ${(lines[m.line - 1] ?? "").slice(Math.max(0, m.column - 40), m.column + 60)}`,
      ),
  );
}

/** Signs in with the admin token (the form the server rendered) and waits until the console shows. */
export async function signIn(page: Page, token = ADMIN_TOKEN) {
  await page.getByLabel("Admin token").fill(token);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.locator("#console:not([hidden])").waitFor();
}

/** The tab panel in view. */
export const shownPanel = (page: Page) => page.locator("[role=tabpanel]:not([hidden])");

/** Shows a tab and waits until its panel has what it loads (no list still busy). */
export async function openTab(page: Page, name: string) {
  await page.getByRole("tab", { name: new RegExp(`^${name}\\b`) }).click();
  await shownPanel(page).waitFor();
  await page.locator("[role=tabpanel]:not([hidden]):not([aria-busy])").waitFor();
}
