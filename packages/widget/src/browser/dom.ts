type Child = Node | string | null | undefined | false;
type Attrs = Record<string, string | boolean | null | undefined | ((e: Event) => void)>;

/**
 * Creates an element. Strings become text nodes, never markup; `on…` attributes given a function become
 * listeners; `true` is an empty attribute; null, undefined and false leave the attribute out.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (typeof value === "function") el.addEventListener(name.slice(2), value);
    else if (value != null && value !== false) el.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children) if (child) el.append(child);
  return el;
}

let counter = 0;
/** An id unique in the page, for label/aria references. */
export function uid(kind: string) {
  counter += 1;
  return `parlor-${kind}-${counter}`;
}

/** Runs `start` once the document is parsed. */
export function whenReady(start: () => void) {
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start, { once: true });
  else start();
}

/** Moves focus to an element that is not focusable by itself (a status line, a new comment). */
export function focusOn(el: HTMLElement) {
  if (!el.hasAttribute("tabindex")) el.setAttribute("tabindex", "-1");
  el.focus();
}

/** The `?parlor=` outcome a form post without JavaScript came back with. */
export function pageOutcome(): string | null {
  return new URLSearchParams(location.search).get("parlor");
}

/** What the reader had typed into the plain form before the widget took its place (nothing is lost). */
export function fallbackValues(root: HTMLElement): Record<string, string> {
  const form = root.querySelector("form");
  const values: Record<string, string> = {};
  if (!form) return values;
  for (const el of Array.from(form.elements) as HTMLInputElement[]) {
    if (!el.name || el.type === "hidden") continue;
    if (el.type === "checkbox") values[el.name] = el.checked ? "on" : "";
    else if (el.value) values[el.name] = el.value;
  }
  return values;
}
