// The one bundle both loaders share. Each loader (`/comments/embed.js`, `/newsletter/embed.js`) pushes the name
// of its box onto `window.parlorWidget.boxes` and adds this bundle only if no other loader has: a page with both
// boxes downloads it once. A box whose loader never ran (its service is down) stays the plain HTML form.
// The bundle is built once per locale (server/build.ts): `start` gets that catalogue, and the loader picks the
// bundle in the page's language.
import { type Catalogue, localize, type Strings } from "../strings/catalogue.ts";
import { speak } from "./api.ts";
import { mountComments } from "./comments/comments-box.ts";
import { whenReady } from "./dom.ts";
import { mountNewsletter } from "./newsletter/newsletter-box.ts";

interface Registry {
  boxes: string[];
  mount?: (box: string) => void;
}

const MOUNT: Record<string, [string, (el: HTMLElement, t: Strings) => void]> = {
  comments: ["[data-parlor-comments]", mountComments],
  newsletter: ["[data-parlor-newsletter]", mountNewsletter],
};

export function start(catalogue: Catalogue) {
  const page = window as { parlorWidget?: Registry };
  page.parlorWidget ??= { boxes: [] };
  const registry = page.parlorWidget;
  const t = localize(catalogue);
  speak(catalogue.locale);
  registry.mount = (box) =>
    whenReady(() => {
      const [selector, mount] = MOUNT[box] ?? [];
      if (!selector || !mount) return;
      for (const el of Array.from(document.querySelectorAll<HTMLElement>(selector))) {
        // The box speaks the catalogue's language whatever the page around it: an Arabic box mirrors.
        el.lang = catalogue.locale;
        el.dir = catalogue.dir;
        mount(el, t);
      }
    });
  for (const box of registry.boxes) registry.mount(box);
}
