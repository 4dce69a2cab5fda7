import { REPORT_REASONS } from "@parlor/validation/mini";
import type { Strings } from "../../strings/catalogue.ts";
import { call } from "../api.ts";
import { focusOn, h, uid } from "../dom.ts";
import type { Comment } from "./types.ts";

/**
 * A "Report" button for a published comment. It opens a small form under the comment: one reason from a list,
 * then Send. The answer is the same for a first and a repeat report, so the reader simply sees the thanks.
 */
export function reportAction(t: Strings, base: string, c: Comment, li: HTMLLIElement): HTMLElement {
  const r = t.report;
  const button: HTMLButtonElement = h(
    "button",
    { type: "button", class: "link", "aria-label": r.label(c.author.name), onclick: () => open() },
    r.action,
  );

  function open() {
    const existing = li.querySelector<HTMLFormElement>(":scope > form.report");
    if (existing) return existing.querySelector("select")?.focus();
    const id = uid("reason");
    const select = h(
      "select",
      { id, name: "reason" },
      ...REPORT_REASONS.map((v) => h("option", { value: v }, r.reasons[v])),
    );
    const status = h("p", { class: "status", role: "status" });
    const send = h("button", { type: "submit" }, r.send);
    const close = () => {
      form.remove();
      button.focus();
    };
    const form = h(
      "form",
      { class: "report", "aria-label": r.label(c.author.name) },
      h("label", { for: id }, r.why),
      " ",
      select,
      h(
        "span",
        { class: "buttons" },
        send,
        h("button", { type: "button", class: "link", onclick: close }, t.comments.cancel),
      ),
      status,
    );
    let busy = false;
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      if (busy) return;
      busy = true;
      send.setAttribute("aria-disabled", "true");
      const res = await call(`${base}/v1/comments/${encodeURIComponent(c.id)}/report`, {
        method: "POST",
        body: { reason: select.value },
      });
      busy = false;
      send.removeAttribute("aria-disabled");
      status.classList.toggle("failure", res.status !== 202);
      if (res.status === 202) {
        form.replaceChildren(status);
        button.remove();
        status.textContent = r.thanks;
        focusOn(status);
        return;
      }
      status.textContent =
        res.status === 429 ? t.form.tooMany(res.retryAfter ?? 60) : res.status === 404 ? t.comments.gone : r.failed;
    });
    li.querySelector(":scope > .actions")?.after(form);
    select.focus();
  }

  return button;
}
