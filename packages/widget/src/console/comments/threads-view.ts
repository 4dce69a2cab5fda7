import { h } from "../../browser/dom.ts";
import { field, input } from "../kit/fields.ts";
import type { Shell } from "../kit/shell.ts";
import { when } from "../kit/text.ts";
import { API, type ThreadState } from "./types.ts";

const THREADS = `${API}/threads`;

function describe(s: ThreadState) {
  if (s.closed)
    return s.reason === "auto"
      ? `${s.uri}: closed by itself on ${when(s.autoClosesAt)}. New comments are refused.`
      : `${s.uri}: closed by a moderator. New comments are refused.`;
  return s.autoClosesAt ? `${s.uri}: open until ${when(s.autoClosesAt)}.` : `${s.uri}: open.`;
}

/** Whether a page takes new comments: check, close, reopen. */
export function threadsView(shell: Shell, panel: HTMLElement) {
  const uri = input("uri", "text", { required: true, maxlength: "2048", spellcheck: "false" });
  const state = h("p", { id: "thread-state", class: "thread-state" });
  const form = h(
    "form",
    { id: "thread-form", class: "form-row" },
    field("Page", uri, "Its path, such as /blog/some-article"),
    h(
      "div",
      { class: "form-actions" },
      h("button", { type: "submit", name: "act", value: "check" }, "Check"),
      h("button", { type: "submit", name: "act", value: "close", class: "danger" }, "Close comments"),
      h("button", { type: "submit", name: "act", value: "reopen" }, "Reopen comments"),
    ),
  );
  panel.append(
    h("h2", {}, "Threads"),
    h("p", { class: "hint" }, "A closed page keeps its comments and refuses new ones."),
    form,
    state,
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const act = (e.submitter as HTMLButtonElement | null)?.value ?? "check";
    const page = uri.value.trim();
    try {
      const s =
        act === "check"
          ? await shell.api.json<ThreadState>("GET", `${THREADS}?${new URLSearchParams({ uri: page })}`)
          : await shell.api.json<ThreadState>("POST", `${THREADS}/${act}`, { uri: page });
      state.textContent = describe(s);
      shell.clearError();
      shell.announce(describe(s));
    } catch (err) {
      shell.fail(err);
    }
  });
}
