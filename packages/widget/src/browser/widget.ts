// The one bundle both loaders share. Each loader (`/comments/embed.js`, `/newsletter/embed.js`) pushes the name
// of its box onto `window.parlorWidget.boxes` and adds this bundle only if no other loader has: a page with both
// boxes downloads it once. A box whose loader never ran (its service is down) stays the plain HTML form.
import { mountComments } from "./comments/comments-box.ts";
import { whenReady } from "./dom.ts";
import { mountNewsletter } from "./newsletter/newsletter-box.ts";

interface Registry {
  boxes: string[];
  mount?: (box: string) => void;
}

const MOUNT: Record<string, [string, (el: HTMLElement) => void]> = {
  comments: ["[data-parlor-comments]", mountComments],
  newsletter: ["[data-parlor-newsletter]", mountNewsletter],
};

const page = window as { parlorWidget?: Registry };
page.parlorWidget ??= { boxes: [] };
const registry = page.parlorWidget;
registry.mount = (box) =>
  whenReady(() => {
    const [selector, mount] = MOUNT[box] ?? [];
    if (!selector || !mount) return;
    for (const el of Array.from(document.querySelectorAll<HTMLElement>(selector))) mount(el);
  });
for (const box of registry.boxes) registry.mount(box);
