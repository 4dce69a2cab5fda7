import { h } from "../../browser/dom.ts";

export type DecisionKey = "a" | "r" | "s";

export interface ShortcutTarget<T extends HTMLElement = HTMLElement> {
  /** The entries (comments, signups) in the order shown; each can take focus. */
  entries(): T[];
  /** The decisions this list offers, by key. */
  decisions: Partial<Record<DecisionKey, string>>;
  decide(entry: T, key: DecisionKey): void;
  /** `x`: select or unselect an entry (lists with bulk actions). */
  toggle?(entry: T): void;
  undo(): boolean;
}

const PREF = "parlor.console.shortcuts";
const changed = new EventTarget();

/** On unless the moderator turned them off in this tab (WCAG 2.1.4: character shortcuts can be switched off). */
function enabled() {
  try {
    return sessionStorage.getItem(PREF) !== "off";
  } catch {
    return true;
  }
}

function setEnabled(on: boolean) {
  try {
    if (on) sessionStorage.removeItem(PREF);
    else sessionStorage.setItem(PREF, "off");
  } catch {
    /* kept for this page only */
  }
  memory = on;
  changed.dispatchEvent(new Event("change"));
}
let memory = true;
const isOn = () => memory && enabled();

function isTyping(target: EventTarget | null) {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement)
    return true;
  return target instanceof HTMLInputElement && !["checkbox", "radio", "button", "submit"].includes(target.type);
}

function keysOf<T extends HTMLElement>(target: ShortcutTarget<T>): [string, string][] {
  return [
    ["j", "Next"],
    ["k", "Previous"],
    ...(Object.entries(target.decisions) as [string, string][]),
    ...(target.toggle ? ([["x", "Select or unselect"]] as [string, string][]) : []),
    ["u", "Undo the last decision"],
    ["?", "Show these shortcuts"],
  ];
}

let dialog: HTMLDialogElement | null = null;

/** The list of shortcuts, in a modal dialog; focus goes back where it was when it closes. */
function showHelp<T extends HTMLElement>(target: ShortcutTarget<T>) {
  const back = document.activeElement as HTMLElement | null;
  dialog?.remove();
  const close = h("button", { type: "button" }, "Close");
  dialog = h(
    "dialog",
    { class: "help", "aria-labelledby": "shortcuts-title" },
    h("h2", { id: "shortcuts-title" }, "Keyboard shortcuts"),
    h(
      "p",
      {},
      "They work while focus is in the list, and not while you type in a field. Turn them off with the “Keyboard shortcuts” box.",
    ),
    h(
      "dl",
      { class: "keys" },
      ...keysOf(target).flatMap(([k, what]) => [h("dt", {}, h("kbd", {}, k)), h("dd", {}, what)]),
    ),
    close,
  );
  close.addEventListener("click", () => dialog?.close());
  dialog.addEventListener("close", () => {
    dialog?.remove();
    dialog = null;
    back?.focus({ preventScroll: true });
  });
  (document.getElementById("main") ?? document.body).append(dialog);
  dialog.showModal();
  close.focus();
}

/**
 * Keyboard shortcuts for one list (j/k to move, a/r/s to decide, x to select, u to undo, ? for the list), active
 * only while focus is inside `region`, never while typing, and never with Ctrl, Alt or Meta. Returns the bar
 * with the switch and the button that lists them.
 */
export function shortcuts<T extends HTMLElement>(region: HTMLElement, target: ShortcutTarget<T>) {
  region.addEventListener("keydown", (e) => {
    if (!isOn() || e.ctrlKey || e.altKey || e.metaKey || isTyping(e.target)) return;
    const entries = target.entries();
    const current = entries.find((el) => el.contains(document.activeElement));
    const at = current ? entries.indexOf(current) : -1;
    const key = e.key;
    if (key === "j" || key === "k") {
      const next = entries[key === "j" ? Math.min(at + 1, entries.length - 1) : Math.max(at - 1, 0)];
      next?.focus();
    } else if ((key === "a" || key === "r" || key === "s") && target.decisions[key] && current) {
      target.decide(current, key);
    } else if (key === "x" && target.toggle && current) {
      target.toggle(current);
    } else if (key === "u") {
      target.undo();
    } else if (key === "?") {
      showHelp(target);
    } else return;
    e.preventDefault();
  });

  const box = h("input", { type: "checkbox", checked: isOn() });
  box.addEventListener("change", () => setEnabled(box.checked));
  changed.addEventListener("change", () => {
    box.checked = isOn();
  });
  const help = h("button", { type: "button", class: "quiet" }, "Shortcuts");
  help.addEventListener("click", () => showHelp(target));
  return h("div", { class: "shortcuts-bar" }, h("label", { class: "check" }, box, " Keyboard shortcuts"), help);
}
