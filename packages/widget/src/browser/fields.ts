import type { Strings } from "../strings/catalogue.ts";
import type { FieldError } from "./api.ts";
import { focusOn, h, uid } from "./dom.ts";

/** One labelled input with its hint and its error line, tied together with aria-describedby. */
export interface Field {
  /** The API's name for it (`author.email`). */
  path: string;
  label: string;
  wrap: HTMLElement;
  input: HTMLInputElement | HTMLTextAreaElement;
  error: HTMLElement;
  hintIds: string[];
}

interface FieldOptions {
  name: string;
  path: string;
  label: string;
  /** Lines under the field that describe it: a string, or an element placed as it is (its id is set). */
  hint?: string | (string | HTMLElement)[];
  note?: string;
  type?: string;
  multiline?: boolean;
  attrs?: Record<string, string | boolean>;
}

function describe(field: Field, withError: boolean) {
  const ids = withError ? [...field.hintIds, field.error.id] : field.hintIds;
  if (ids.length > 0) field.input.setAttribute("aria-describedby", ids.join(" "));
  else field.input.removeAttribute("aria-describedby");
}

function hintLines(hint: FieldOptions["hint"]): HTMLElement[] {
  const lines = hint === undefined ? [] : Array.isArray(hint) ? hint : [hint];
  return lines.map((line) => {
    const el = typeof line === "string" ? h("p", { class: "hint" }, line) : line;
    el.id ||= uid("hint");
    return el;
  });
}

/** A text input or textarea with a visible label (and an optional note such as "(optional)"). */
export function textField(o: FieldOptions): Field {
  const id = uid(o.name);
  const input = o.multiline
    ? h("textarea", { id, name: o.name, rows: "5", ...o.attrs })
    : h("input", { id, name: o.name, type: o.type ?? "text", ...o.attrs });
  const hints = hintLines(o.hint);
  const error = h("p", { class: "error", id: uid("error"), hidden: true });
  const label = h("label", { for: id }, o.label, o.note ? h("span", { class: "note" }, ` ${o.note}`) : null);
  const wrap = h("div", { class: "field" }, label, ...hints, input, error);
  const field = { path: o.path, label: o.label, wrap, input, error, hintIds: hints.map((e) => e.id) };
  describe(field, false);
  return field;
}

/** A checkbox with its label after it. */
export function checkField(o: FieldOptions): Field {
  const id = uid(o.name);
  const input = h("input", { id, name: o.name, type: "checkbox", ...o.attrs });
  const hints = hintLines(o.hint);
  const error = h("p", { class: "error", id: uid("error"), hidden: true });
  const wrap = h("div", { class: "field check" }, input, h("label", { for: id }, o.label), ...hints, error);
  const field = { path: o.path, label: o.label, wrap, input, error, hintIds: hints.map((e) => e.id) };
  describe(field, false);
  return field;
}

/** The honeypot: out of sight, out of the tab order, hidden from screen readers; people leave it empty. */
export function honeypot(name: string, label: string) {
  const input = h("input", { name, tabindex: "-1", autocomplete: "off" });
  return { wrap: h("div", { class: "hp", "aria-hidden": "true" }, h("label", {}, label, input)), input };
}

/**
 * Shows each error under its field (or in `general` when no field has that path), marks the fields
 * aria-invalid, and puts focus on the first bad one.
 */
export function showErrors(
  t: Strings,
  fields: Field[],
  errors: FieldError[],
  general: HTMLElement,
  explain: (e: FieldError) => string | null = () => null,
) {
  clearErrors(fields, general);
  const rest: string[] = [];
  for (const e of errors) {
    const field = fields.find((f) => f.path === e.path);
    if (!field) {
      rest.push(explain(e) ?? t.fieldError(e.path, e.message));
      continue;
    }
    if (!field.error.hidden) continue; // the first message per field is the one that matters
    field.error.textContent = explain(e) ?? t.fieldError(field.label, e.message);
    field.error.hidden = false;
    field.input.setAttribute("aria-invalid", "true");
    describe(field, true);
  }
  if (rest.length > 0) {
    general.replaceChildren(h("span", {}, t.form.refused), ...rest.map((r) => h("span", { class: "line" }, r)));
    general.hidden = false;
  }
  const first = fields.find((f) => !f.error.hidden);
  if (first) first.input.focus();
  else if (!general.hidden) focusOn(general);
}

export function clearErrors(fields: Field[], general: HTMLElement) {
  for (const f of fields) {
    f.error.hidden = true;
    f.error.textContent = "";
    f.input.removeAttribute("aria-invalid");
    describe(f, false);
  }
  general.hidden = true;
  general.replaceChildren();
}

/**
 * A request that did not go through (network, 5xx, 429): the message and a Retry button in `area`, with focus
 * on the button so a keyboard user can press Enter again. What was typed stays where it is.
 */
export function showFailure(area: HTMLElement, message: string, retryLabel: string, retry: () => void, focus = true) {
  const button = h("button", { type: "button", class: "retry", onclick: retry }, retryLabel);
  area.replaceChildren(h("span", {}, message), " ", button);
  area.hidden = false;
  if (focus) button.focus();
}
