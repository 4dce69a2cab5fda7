import { h, uid } from "../../browser/dom.ts";

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/** A control with its visible label above it and, when given, a hint the control is described by. */
export function field(label: string, control: Control, hint?: string) {
  if (!control.id) control.id = uid("field");
  const wrap = h("div", { class: "field" }, h("label", { for: control.id }, label), control);
  if (hint) {
    const hintId = `${control.id}-hint`;
    control.setAttribute("aria-describedby", hintId);
    wrap.append(h("p", { class: "hint", id: hintId }, hint));
  }
  return wrap;
}

/** A select from [value, text] pairs. */
export function select(name: string, options: [string, string][], value = "") {
  const el = h("select", { name });
  for (const [v, text] of options) el.append(h("option", { value: v, selected: v === value }, text));
  return el;
}

/** A text-like input (`type` search, email, date, …). */
export function input(name: string, type: string, attrs: Record<string, string | boolean> = {}) {
  return h("input", { name, type, autocomplete: "off", ...attrs });
}
