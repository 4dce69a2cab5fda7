// The console's block lists and thread switches, beside the queue. Served as-is next to console.client.js, which
// passes in its helpers (api, el, announce, handleError) so both speak to the API and the reader the same way.

const BLOCKS = "/v1/admin/comments/blocks";
const THREADS = "/v1/admin/comments/threads";
const KIND_LABEL = { email: "Email", domain: "Domain", word: "Word", client: "Client" };

/** Wires the two sections; returns show() (after sign-in) and hide() (on sign-out). */
export function mountTools({ api, el, announce, handleError, clearError }) {
  const $ = (id) => document.getElementById(id);
  const blocks = $("blocks");
  const threads = $("threads");
  const list = $("block-list");
  const empty = $("blocks-empty");
  const blockForm = $("block-form");
  const threadForm = $("thread-form");
  const threadState = $("thread-state");

  function renderBlock(b) {
    const remove = el("button", { type: "button", "data-id": b.id }, "Remove");
    remove.addEventListener("click", () => void removeBlock(b, remove));
    return el(
      "li",
      {},
      el("span", { class: "badge" }, KIND_LABEL[b.kind] ?? b.kind),
      el("span", { class: "value" }, b.value),
      b.note ? el("span", { class: "note" }, `— ${b.note}`) : null,
      remove,
    );
  }

  async function loadBlocks() {
    try {
      const { blocks: rows } = await api("GET", BLOCKS);
      list.replaceChildren(...rows.map(renderBlock));
      empty.hidden = rows.length > 0;
    } catch (e) {
      handleError(e);
    }
  }

  async function removeBlock(b, button) {
    button.disabled = true;
    try {
      await api("DELETE", `${BLOCKS}/${encodeURIComponent(b.id)}`);
      button.closest("li").remove();
      empty.hidden = list.children.length > 0;
      clearError();
      announce(`Unblocked ${KIND_LABEL[b.kind] ?? b.kind} ${b.value}.`);
    } catch (e) {
      button.disabled = false;
      handleError(e);
    }
  }

  blockForm.addEventListener("submit", async (e) => {
    e.preventDefault();
    const data = new FormData(blockForm);
    const body = { kind: data.get("kind"), value: String(data.get("value")).trim() };
    const note = String(data.get("note") ?? "").trim();
    if (note) body.note = note;
    try {
      const b = await api("POST", BLOCKS, body);
      blockForm.reset();
      await loadBlocks();
      clearError();
      announce(`Blocked ${KIND_LABEL[b.kind] ?? b.kind} ${b.value}.`);
    } catch (err) {
      handleError(err);
    }
  });

  function describe(s) {
    if (s.closed) {
      return s.reason === "auto"
        ? `${s.uri}: closed by itself on ${s.autoClosesAt}. New comments are refused.`
        : `${s.uri}: closed by a moderator. New comments are refused.`;
    }
    return s.autoClosesAt ? `${s.uri}: open until ${s.autoClosesAt}.` : `${s.uri}: open.`;
  }

  threadForm.addEventListener("submit", async (e) => {
    e.preventDefault();
    const act = e.submitter?.value ?? "check";
    const uri = String(new FormData(threadForm).get("uri")).trim();
    try {
      const state =
        act === "check"
          ? await api("GET", `${THREADS}?${new URLSearchParams({ uri })}`)
          : await api("POST", `${THREADS}/${act}`, { uri });
      threadState.textContent = describe(state);
      clearError();
      announce(describe(state));
    } catch (err) {
      handleError(err);
    }
  });

  return {
    show() {
      blocks.hidden = false;
      threads.hidden = false;
      void loadBlocks();
    },
    hide() {
      blocks.hidden = true;
      threads.hidden = true;
      list.replaceChildren();
      threadState.textContent = "";
    },
    /** After "Block author" on a queue item, so the list shows the new blocks. */
    refresh: () => void loadBlocks(),
  };
}
