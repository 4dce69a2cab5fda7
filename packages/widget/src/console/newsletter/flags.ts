import { h } from "../../browser/dom.ts";
import { FLAG_LABEL } from "./types.ts";

/** A subscriber's flags as chips, each with its meaning. */
export function flagChips(flags: string[]) {
  if (flags.length === 0) return "";
  return h("ul", { class: "flags" }, ...flags.map((f) => h("li", { class: "flag" }, FLAG_LABEL[f] ?? f)));
}
