import type { Strings } from "../../strings/catalogue.ts";
import { focusOn, h } from "../dom.ts";
import type { Notice } from "./types.ts";

const HELP_LINK = /^(tel|sms|mailto|https?):/i;

/**
 * The crisis notice from a 201, shown at once where the reader is looking, before anything else, and given
 * focus so a screen reader reads it first. Only phone, text, mail and web links are made links.
 */
export function showNotice(container: HTMLElement, notice: Notice, t: Strings) {
  const links = notice.links.filter((l) => HELP_LINK.test(l.href));
  container.replaceChildren(h("h3", {}, t.crisis.title), h("p", { class: "notice-text" }, notice.text));
  if (links.length > 0)
    container.append(h("p", { class: "help" }, ...links.map((l) => h("a", { href: l.href }, l.label))));
  container.append(h("p", {}, t.crisis.received));
  container.hidden = false;
  focusOn(container);
}
