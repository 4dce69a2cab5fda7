import { h } from "../../browser/dom.ts";

type Cell = Node | string | null | undefined | false;

/**
 * A data table with a caption and column headers (`scope=col`); the first cell of each row is its header
 * (`scope=row`). On a phone each row becomes a card whose cells name their column (`data-label`); wider, the
 * table sits in a region that scrolls sideways when it must and can take focus, so a keyboard can scroll it too.
 * The caption is for screen readers unless `captionShown` (the panel's heading usually says the same).
 */
export function dataTable(id: string, caption: string, columns: string[], options: { captionShown?: boolean } = {}) {
  const body = h("tbody", {});
  const table = h(
    "table",
    { id },
    h("caption", { id: `${id}-caption`, class: options.captionShown ? null : "visually-hidden" }, caption),
    h("thead", {}, h("tr", {}, ...columns.map((c) => h("th", { scope: "col" }, c)))),
    body,
  );
  const wrap = h(
    "div",
    { class: "table-wrap stack", role: "region", "aria-labelledby": `${id}-caption`, tabindex: "0" },
    table,
  );
  return {
    element: wrap,
    table,
    body,
    /** Replaces the rows; with none, one row that says `empty`. */
    setRows(rows: HTMLTableRowElement[], empty: string) {
      body.replaceChildren(...rows);
      if (rows.length === 0)
        body.append(h("tr", { class: "empty-row" }, h("td", { colspan: String(columns.length) }, empty)));
    },
    append(rows: HTMLTableRowElement[]) {
      body.querySelector(".empty-row")?.remove();
      body.append(...rows);
    },
    /** One row: the first cell its header, the rest data cells, each naming its column for the phone layout. */
    row(cells: Cell[], attrs: Record<string, string | boolean | null | undefined> = {}) {
      const [first, ...rest] = cells;
      return h(
        "tr",
        attrs,
        h("th", { scope: "row" }, first),
        ...rest.map((c, i) => h("td", { "data-label": columns[i + 1] }, c)),
      );
    },
  };
}
