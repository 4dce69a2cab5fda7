import { h } from "../../browser/dom.ts";
import { field, input, select } from "../kit/fields.ts";
import type { Shell } from "../kit/shell.ts";
import { commentList, type ListContext } from "./comment-list.ts";
import { type Counts, FLAGS, type View } from "./types.ts";

const VIEWS: [View, string][] = [
  ["pending", "Pending"],
  ["approved", "Approved"],
  ["rejected", "Rejected"],
  ["spam", "Spam"],
  ["reported", "Reported"],
];
const FILTERS = ["author", "email", "uri", "flag", "from", "to"] as const;

/** Search any status by text and filters; the results are a comment list like the queue, with its actions. */
export function searchView(shell: Shell, ctx: ListContext, panel: HTMLElement) {
  const q = input("q", "search", { maxlength: "200" });
  const status = select("status", VIEWS, "pending");
  const filters = {
    author: input("author", "text", { maxlength: "100" }),
    email: input("email", "text", { maxlength: "254" }),
    uri: input("uri", "text", { maxlength: "2048", spellcheck: "false" }),
    flag: select("flag", [
      ["", "Any flag"],
      ...Object.entries(FLAGS).map(([f, [label]]) => [f, label] as [string, string]),
    ]),
    from: input("from", "date"),
    to: input("to", "date"),
  };
  const form = h(
    "form",
    { id: "search-form", class: "search-form", role: "search" },
    h(
      "div",
      { class: "form-row" },
      field("Text, name, email or page", q),
      field("Status", status),
      h("div", { class: "form-actions" }, h("button", { type: "submit", class: "primary" }, "Search")),
    ),
    h(
      "details",
      { class: "filters" },
      h("summary", {}, "More filters"),
      h(
        "div",
        { class: "form-row" },
        field("Author name", filters.author),
        field("Author email", filters.email, "@example.com finds a domain"),
        field("Page starts with", filters.uri, "A path such as /blog/"),
        field("Flag", filters.flag),
        field("Written from", filters.from),
        field("Written until", filters.to),
      ),
    ),
  );
  let applied = { view: "pending" as View, text: "", filtered: false, params: new URLSearchParams() };
  const list = commentList(ctx, "results", "Search results", () => ({
    view: applied.view,
    params: new URLSearchParams(applied.params),
    match: applied.text ? ` matching “${applied.text}”` : applied.filtered ? " matching the filters" : "",
  }));
  panel.append(h("h2", {}, "Search"), form, list.element);

  function apply() {
    const params = new URLSearchParams({ status: status.value, order: "urgent" });
    const text = q.value.trim();
    if (text) params.set("q", text);
    let filtered = false;
    for (const name of FILTERS) {
      const value = filters[name].value.trim();
      if (value) {
        params.set(name, value);
        filtered = true;
      }
    }
    applied = { view: status.value as View, text, filtered, params };
  }

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    apply();
    try {
      const shown = await list.load();
      if (shown) {
        shell.clearError();
        shell.announce(shown);
      }
    } catch (err) {
      shell.fail(err);
    }
  });

  return {
    load: () => list.load(),
    first: list.first,
    /** The status choices name how many each holds. */
    setCounts(counts: Counts) {
      for (const option of Array.from(status.options)) {
        const label = VIEWS.find(([v]) => v === option.value)?.[1] ?? option.value;
        option.textContent = `${label} (${counts[option.value as View]})`;
      }
    },
  };
}
