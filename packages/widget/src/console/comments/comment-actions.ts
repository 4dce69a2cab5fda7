import { h } from "../../browser/dom.ts";
import { confirmed } from "../kit/confirm.ts";
import type { ListContext } from "./list-context.ts";
import { type AdminComment, API, type Decision, type View } from "./types.ts";

const DONE: Record<string, string> = {
  delete: "Deleted",
  dismiss: "Reports dismissed",
  block: "Blocked the author and marked as spam",
  pin: "Pinned at the top of its page",
  unpin: "Unpinned",
};

/**
 * What a moderator does to one comment beyond a decision: delete (a second press confirms), dismiss its
 * reports, block its author (a second press confirms), pin or unpin a published one, and reply as the moderator. `takeOut` removes an item
 * from its list, keeping the keyboard user's place; `decide` holds a decision for the undo window.
 */
export function commentActions(
  ctx: ListContext,
  deps: {
    view: () => View;
    takeOut(lis: HTMLLIElement[]): unknown;
    decide(lis: HTMLLIElement[], action: Decision): void;
  },
) {
  const { shell, counts } = ctx;
  const { takeOut, decide } = deps;

  async function act(li: HTMLLIElement, action: string, button: HTMLButtonElement) {
    const name = li.dataset.name;
    const id = encodeURIComponent(li.dataset.id as string);
    if (action === "approve" || action === "reject" || action === "spam" || action === "reject-edit")
      return decide([li], action);
    if (action === "reply") return toggleReply(li, true);
    if (action === "cancel-reply") return toggleReply(li, false);
    if (action === "delete" && !confirmed(button, "Delete for good?", shell.announce)) return;
    if (action === "block" && !confirmed(button, "Block address and client?", shell.announce)) return;
    const buttons = [...li.querySelectorAll<HTMLButtonElement>(".actions button")];
    for (const b of buttons) b.disabled = true;
    try {
      if (action === "delete") {
        await shell.api.json("DELETE", `${API}/${id}`);
        takeOut([li]);
      } else if (action === "dismiss") {
        await shell.api.json("POST", `${API}/${id}/dismiss-reports`);
        if (deps.view() === "reported") takeOut([li]);
        else li.querySelector(".reports")?.remove();
        li.querySelector("[data-act=dismiss]")?.remove();
      } else if (action === "pin" || action === "unpin") {
        await shell.api.json("POST", `${API}/${id}/${action}`);
        const pinned = action === "pin";
        button.dataset.act = pinned ? "unpin" : "pin";
        button.textContent = pinned ? "Unpin" : "Pin";
        li.querySelector(".badge.pinned")?.remove();
        if (pinned) li.querySelector("h3.who")?.append(h("span", { class: "badge pinned" }, "Pinned"));
      } else if (action === "block") {
        await shell.api.json("POST", `${API}/${id}/block`, {});
        ctx.blocksChanged();
        if (deps.view() !== "spam") takeOut([li]);
      }
      shell.clearError();
      shell.announce(`${DONE[action]}: the comment by ${name}.`);
      counts.refreshQuietly();
    } catch (e) {
      shell.fail(e);
    } finally {
      for (const b of buttons) b.disabled = false;
    }
  }

  function toggleReply(li: HTMLLIElement, open: boolean) {
    const form = li.querySelector("form.reply") as HTMLFormElement;
    form.hidden = !open;
    if (open) form.querySelector("textarea")?.focus();
    else li.querySelector<HTMLButtonElement>("[data-act=reply]")?.focus();
  }

  async function postReply(li: HTMLLIElement, form: HTMLFormElement) {
    const textarea = form.querySelector("textarea") as HTMLTextAreaElement;
    const body = textarea.value.trim();
    if (!body) {
      shell.showError("Write a reply first.");
      textarea.focus();
      return;
    }
    const submit = form.querySelector("button[type=submit]") as HTMLButtonElement;
    submit.disabled = true;
    try {
      const reply = await shell.api.json<AdminComment>(
        "POST",
        `${API}/${encodeURIComponent(li.dataset.id as string)}/reply`,
        {
          body,
        },
      );
      const shown = h("div", { class: "body" });
      shown.innerHTML = reply.html; // sanitized by the server
      const who = h(
        "p",
        { class: "who" },
        h("span", { class: "name" }, reply.author?.name ?? "Moderator"),
        h("span", { class: "badge mod" }, "Moderator reply"),
      );
      let replies = li.querySelector(".replies");
      if (!replies) {
        replies = h("ul", { class: "replies" });
        li.append(replies);
      }
      replies.append(h("li", { class: "posted-reply" }, who, shown));
      textarea.value = "";
      toggleReply(li, false);
      shell.clearError();
      shell.announce(`Reply to ${li.dataset.name} posted and published.`);
    } catch (e) {
      shell.fail(e); // the text stays in the box
    } finally {
      submit.disabled = false;
    }
  }

  return { act, postReply };
}
