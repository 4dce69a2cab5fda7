import { h } from "../../browser/dom.ts";
import { field, input } from "../kit/fields.ts";
import type { Shell } from "../kit/shell.ts";
import { dataTable } from "../kit/table.ts";
import { plural } from "../kit/text.ts";
import { API, type Topic } from "./types.ts";

/**
 * The topics subscribers choose from ("New articles", "Weekly tips"), each with how many active subscribers follow
 * it (those who chose it and those who follow every topic), and a form to add one.
 */
export function topicsView(shell: Shell, panel: HTMLElement) {
  const table = dataTable("topic-list", "Topics", ["Topic", "Slug", "Followers", "Description"]);
  const everyTopic = h("p", { class: "hint" });
  const name = input("name", "text", { maxlength: "100", required: true });
  const slug = input("slug", "text", {
    maxlength: "64",
    required: true,
    pattern: "[a-z0-9]+(-[a-z0-9]+)*",
  });
  const description = input("description", "text", { maxlength: "500" });
  const form = h(
    "form",
    { id: "topic-form", class: "form-row" },
    field("Name", name),
    field(
      "Slug",
      slug,
      "Lower-case letters, digits and hyphens; forms, CSV files and FEED_TOPIC name it so. It stays.",
    ),
    field("Description", description),
    h("div", { class: "form-actions" }, h("button", { type: "submit", class: "primary" }, "Add topic")),
  );
  panel.append(h("h2", {}, "Topics"), everyTopic, table.element, h("h3", {}, "Add a topic"), form);
  name.addEventListener("input", () => {
    if (slug.dataset.edited) return;
    slug.value = name.value
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 64);
  });
  slug.addEventListener("input", () => {
    slug.dataset.edited = "1";
  });

  async function load() {
    const list = await shell.api.json<{ topics: Topic[]; everyTopic: number }>("GET", `${API}/topics`);
    table.setRows(
      list.topics.map((t) => table.row([t.name, t.slug, String(t.subscribers), t.description ?? ""])),
      "No topics yet: every issue goes to every subscriber.",
    );
    everyTopic.textContent = `${plural(list.everyTopic, "active subscriber")} follow${list.everyTopic === 1 ? "s" : ""} every topic, including topics added later.`;
    return `${plural(list.topics.length, "topic")} shown.`;
  }

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      await shell.api.json("POST", `${API}/topics`, {
        name: name.value,
        slug: slug.value,
        ...(description.value.trim() ? { description: description.value } : {}),
      });
      const added = name.value;
      form.reset();
      delete slug.dataset.edited;
      await load();
      shell.clearError();
      shell.announce(`Topic ${added} added.`);
    } catch (err) {
      shell.fail(err);
    }
  });

  return { load };
}
