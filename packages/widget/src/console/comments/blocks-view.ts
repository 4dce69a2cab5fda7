import { h } from "../../browser/dom.ts";
import { field, input, select } from "../kit/fields.ts";
import type { Shell } from "../kit/shell.ts";
import { dataTable } from "../kit/table.ts";
import { plural, timeEl } from "../kit/text.ts";
import { API, type Block } from "./types.ts";

const BLOCKS = `${API}/blocks`;
const KIND_LABEL: Record<string, string> = { email: "Email", domain: "Domain", word: "Word", client: "Client" };

/** The block lists: add a block (address, domain, word or client hash), see them all, remove one. */
export function blocksView(shell: Shell, panel: HTMLElement) {
  const kind = select("kind", [
    ["email", "Email address"],
    ["domain", "Email domain"],
    ["word", "Word or phrase"],
    ["client", "Client hash"],
  ]);
  const value = input("value", "text", { required: true, maxlength: "320" });
  const note = input("note", "text", { maxlength: "200" });
  const form = h(
    "form",
    { id: "block-form", class: "form-row" },
    field("Kind", kind),
    field("Value", value),
    field("Note", note),
    h("div", { class: "form-actions" }, h("button", { type: "submit", class: "primary" }, "Add block")),
  );
  const table = dataTable("block-list", "Blocks, newest first", ["Value", "Kind", "Note", "Added", "Actions"]);
  panel.append(
    h("h2", {}, "Block lists"),
    h(
      "p",
      { class: "hint" },
      "A blocked address, domain or client has its comments filed as spam without telling them. A blocked word holds a comment for you to read (flag “blocked word”).",
    ),
    form,
    table.element,
  );

  function row(b: Block) {
    const remove = h("button", { type: "button", class: "danger" }, "Remove");
    remove.addEventListener("click", () => void removeBlock(b, remove));
    return table.row([
      h("span", { class: "mono" }, b.value),
      KIND_LABEL[b.kind] ?? b.kind,
      b.note ?? "",
      timeEl(b.createdAt, "day"),
      remove,
    ]);
  }

  async function load() {
    const { blocks } = await shell.api.json<{ blocks: Block[] }>("GET", BLOCKS);
    table.setRows(blocks.map(row), "Nothing is blocked.");
    return `${plural(blocks.length, "block")} shown.`;
  }

  async function removeBlock(b: Block, button: HTMLButtonElement) {
    button.disabled = true;
    try {
      await shell.api.json("DELETE", `${BLOCKS}/${encodeURIComponent(b.id)}`);
      button.closest("tr")?.remove();
      if (table.body.children.length === 0) table.setRows([], "Nothing is blocked.");
      shell.clearError();
      shell.announce(`Unblocked ${KIND_LABEL[b.kind] ?? b.kind} ${b.value}.`);
      table.element.focus();
    } catch (e) {
      button.disabled = false;
      shell.fail(e);
    }
  }

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const body: Record<string, string> = { kind: kind.value, value: value.value.trim() };
    if (note.value.trim()) body.note = note.value.trim();
    try {
      const b = await shell.api.json<Block>("POST", BLOCKS, body);
      form.reset();
      await load();
      shell.clearError();
      shell.announce(`Blocked ${KIND_LABEL[b.kind] ?? b.kind} ${b.value}.`);
    } catch (err) {
      shell.fail(err);
    }
  });

  return { load };
}
