// Parlor names a page by its path alone (the contract drops query strings). A source page whose address names it
// only by a query — WordPress on default permalinks: `/?p=12`, `/?page_id=7`, `/?attachment_id=9` — would lose its
// identity there, and every such page would land on `/`. These are the query parameters that name the page.
const IDENTIFYING = ["p", "page_id", "attachment_id"];

/** "p=12" for `https://blog.example/?p=12`; "" when the address's path alone names the page. */
export function queryIdentity(address: string): string {
  const q = address.indexOf("?");
  if (q < 0) return "";
  const params = new URLSearchParams(address.slice(q + 1).replace(/#.*$/s, ""));
  return IDENTIFYING.filter((k) => params.get(k))
    .map((k) => `${k}=${params.get(k)}`)
    .join("&");
}

/** One source page as it maps to a Parlor page. */
export interface SourcePage {
  address: string;
  title?: string;
  /** The identity the mapping could not keep: a query identity, unless the map file or a permalink placed it. */
  lost: string;
}

/**
 * Which source pages land on each Parlor page, so the summary can say so and pages that the source kept apart
 * by their query alone are caught before anything is written.
 */
export class PageTally {
  readonly pages = new Map<string, Map<string, SourcePage>>();

  add(uri: string, page: SourcePage) {
    const sources = this.pages.get(uri) ?? new Map<string, SourcePage>();
    this.pages.set(uri, sources);
    if (!sources.has(page.address)) sources.set(page.address, page);
  }

  /** Parlor pages that would merge source pages told apart only by their query (`/?p=1` and `/?p=2` on `/`). */
  collisions(): { uri: string; sources: SourcePage[] }[] {
    const found: { uri: string; sources: SourcePage[] }[] = [];
    for (const [uri, sources] of this.pages) {
      const identities = new Set([...sources.values()].map((s) => s.lost));
      if (identities.size > 1 && [...identities].some((i) => i !== ""))
        found.push({ uri, sources: [...sources.values()] });
    }
    return found;
  }

  /** How many source pages each Parlor page gathers, most first. */
  counts(): { uri: string; sources: number }[] {
    return [...this.pages]
      .map(([uri, sources]) => ({ uri, sources: sources.size }))
      .sort((a, b) => b.sources - a.sources || a.uri.localeCompare(b.uri));
  }
}

/** A --map-uris file to fill in: one line per colliding source page, with a suggested path made from its title. */
export function mapTemplate(collisions: { uri: string; sources: SourcePage[] }[]): string {
  const lines = [
    "# Pages the source told apart only by their query string, which Parlor drops.",
    "# Give each its own path (as readers' browsers will show it), then import again with --map-uris <this file>.",
    "# Format: <old address> <new path>; '#' starts a comment.",
  ];
  for (const { uri, sources } of collisions) {
    lines.push("", `# would all have landed on ${uri}`);
    for (const s of sources) {
      const title = s.title ? `  # ${s.title.replace(/\s+/g, " ").slice(0, 80)}` : "";
      lines.push(`${s.address} ${suggestedPath(s)}${title}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

function suggestedPath(s: SourcePage): string {
  const slug = (s.title ?? "")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 60);
  if (slug) return `/${slug}`;
  return `/${(s.lost || "page").replace(/[=&]+/g, "-")}`;
}

/** Stops an import before anything is written: source pages would merge (see PageTally.collisions). */
export class PagesWouldMerge extends Error {
  constructor(
    readonly collisions: { uri: string; sources: SourcePage[] }[],
    readonly template: string,
  ) {
    const shown = collisions.slice(0, 10).map(
      ({ uri, sources }) =>
        `  ${uri} ← ${sources
          .slice(0, 5)
          .map((s) => s.address)
          .join(", ")}${sources.length > 5 ? `, and ${sources.length - 5} more` : ""}`,
    );
    const more = collisions.length > 10 ? [`  … and ${collisions.length - 10} more pages`] : [];
    super(
      [
        `${collisions.length} Parlor page${collisions.length > 1 ? "s" : ""} would merge pages the source keeps apart by their query string alone (Parlor drops the query); nothing was imported:`,
        ...shown,
        ...more,
      ].join("\n"),
    );
  }
}
