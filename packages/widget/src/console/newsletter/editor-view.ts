import { h } from "../../browser/dom.ts";
import { confirmed } from "../kit/confirm.ts";
import { field, input } from "../kit/fields.ts";
import type { Shell } from "../kit/shell.ts";
import { progressText } from "./issues-view.ts";
import { API, type Issue, type Topic } from "./types.ts";

/**
 * Writing an issue: subject and Markdown, a preview of the email as it will be sent (in a sandboxed frame), a
 * test copy to one address, then send now or at a time. Sending asks for a second press.
 */
export function editorView(shell: Shell, panel: HTMLElement, saved: () => void) {
  let editing: Issue | null = null;
  const title = h("h2", {}, "New issue");
  const state = h("p", { class: "hint" }, "A draft until you send it.");
  const subject = input("subject", "text", { maxlength: "200", required: true });
  const markdown = h("textarea", { name: "markdown", rows: "16", required: true, class: "mono" });
  // The topics it goes to: none ticked, every active subscriber.
  const topicBoxes = h("div", { class: "topic-boxes" });
  const topicSet = h(
    "fieldset",
    { class: "field", hidden: true },
    h("legend", {}, "Goes to"),
    topicBoxes,
    h("p", { class: "hint" }, "Subscribers of any ticked topic get it once. None ticked: every active subscriber."),
  );
  let topicList: Topic[] = [];
  const save = h("button", { type: "submit", class: "primary" }, "Save draft");
  const previewButton = h("button", { type: "button" }, "Preview");
  const form = h(
    "form",
    { id: "issue-form", class: "editor-form" },
    field("Subject", subject),
    field(
      "Text, in Markdown",
      markdown,
      "Headings start with #; a link is [its text](its address). No images or raw HTML.",
    ),
    topicSet,
    h("div", { class: "form-actions" }, save, previewButton),
  );
  const testTo = input("to", "email", { required: true, autocomplete: "email" });
  const testForm = h(
    "form",
    { id: "issue-test", class: "form-row" },
    field("Send a test copy to", testTo),
    h("div", { class: "form-actions" }, h("button", { type: "submit" }, "Send a test")),
  );
  const at = input("at", "datetime-local", {});
  const sendNow = h("button", { type: "button", class: "primary" }, "Send now");
  const sendForm = h(
    "form",
    { id: "issue-send", class: "form-row" },
    field("Send at", at, "Your local time."),
    h("div", { class: "form-actions" }, h("button", { type: "submit" }, "Schedule"), sendNow),
  );
  const frame = h("iframe", { title: "Preview of the email", sandbox: "", class: "preview" });
  panel.append(
    title,
    state,
    h(
      "div",
      { class: "editor" },
      h("div", { class: "editor-fields" }, form, h("h3", {}, "Test and send"), testForm, sendForm),
      h("div", { class: "editor-preview" }, h("h3", {}, "Preview"), frame),
    ),
  );

  /** Reads the topics again (the Topics tab may have added one); the boxes keep what is ticked. */
  async function loadTopics() {
    const ticked = chosenTopics();
    topicList = (await shell.api.json<{ topics: Topic[] }>("GET", `${API}/topics`)).topics;
    topicSet.hidden = topicList.length === 0;
    topicBoxes.replaceChildren(
      ...topicList.map((t) =>
        h(
          "label",
          { class: "check" },
          h("input", { type: "checkbox", name: "topics", value: t.slug, checked: ticked.includes(t.slug) }),
          ` ${t.name}`,
        ),
      ),
    );
  }

  function chosenTopics(): string[] {
    return [...topicBoxes.querySelectorAll<HTMLInputElement>("input[name=topics]:checked")].map((b) => b.value);
  }

  function show(issue: Issue | null) {
    editing = issue;
    for (const box of topicBoxes.querySelectorAll<HTMLInputElement>("input[name=topics]")) {
      box.checked = issue?.topics?.includes(box.value) ?? false;
      box.disabled = issue !== null && issue.status !== "draft";
    }
    subject.value = issue?.subject ?? "";
    markdown.value = issue?.markdown ?? "";
    title.textContent = issue ? `Issue: ${issue.subject}` : "New issue";
    state.textContent = issue
      ? `${issue.status === "draft" ? "Draft" : `${issue.status[0].toUpperCase()}${issue.status.slice(1)}`} · ${progressText(issue)}`
      : "A draft until you send it.";
    const locked = issue !== null && issue.status !== "draft";
    for (const el of [subject, markdown, save, sendNow, at, ...sendForm.querySelectorAll("button")])
      (el as HTMLInputElement).disabled = locked;
    frame.srcdoc = "";
    if (issue)
      shell.api.json<{ html: string }>("GET", `${API}/issues/${encodeURIComponent(issue.id)}/preview`).then((p) => {
        frame.srcdoc = p.html;
      }, shell.fail);
  }

  async function preview() {
    try {
      const p = await shell.api.json<{ html: string }>("POST", `${API}/issues/preview`, {
        subject: subject.value,
        markdown: markdown.value,
      });
      frame.srcdoc = p.html;
      shell.clearError();
      shell.announce("The preview shows the email as it will be sent.");
    } catch (e) {
      shell.fail(e);
    }
  }

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const body = { subject: subject.value, markdown: markdown.value, topics: chosenTopics() };
    try {
      const issue = editing
        ? await shell.api.json<Issue>("PATCH", `${API}/issues/${encodeURIComponent(editing.id)}`, body)
        : await shell.api.json<Issue>("POST", `${API}/issues`, body);
      const full = await shell.api.json<Issue>("GET", `${API}/issues/${encodeURIComponent(issue.id)}`);
      show(full);
      shell.clearError();
      shell.announce("Saved as a draft.");
      saved();
    } catch (err) {
      shell.fail(err);
    }
  });
  previewButton.addEventListener("click", () => void preview());

  testForm.addEventListener("submit", async (e) => {
    e.preventDefault();
    if (!editing) return shell.showError("Save the draft first.");
    try {
      await shell.api.json("POST", `${API}/issues/${encodeURIComponent(editing.id)}/test`, { to: testTo.value.trim() });
      shell.clearError();
      shell.announce(`A test copy is on its way to ${testTo.value.trim()}.`);
    } catch (err) {
      shell.fail(err);
    }
  });

  async function send(button: HTMLButtonElement, when: string | null) {
    if (!editing) return shell.showError("Save the draft first.");
    const audience = editing.topics.length > 0 ? "the subscribers of its topics" : "every subscriber";
    if (!confirmed(button, when ? `Schedule for ${audience}?` : `Send to ${audience}?`, shell.announce)) return;
    try {
      await shell.api.json("POST", `${API}/issues/${encodeURIComponent(editing.id)}/send`, when ? { at: when } : {});
      show(await shell.api.json<Issue>("GET", `${API}/issues/${encodeURIComponent(editing.id)}`));
      shell.clearError();
      shell.announce(when ? "Scheduled." : "Sending: the Issues tab shows the progress.");
      saved();
    } catch (err) {
      shell.fail(err);
    }
  }
  sendNow.addEventListener("click", () => void send(sendNow, null));
  sendForm.addEventListener("submit", (e) => {
    e.preventDefault();
    if (!at.value) return shell.showError("Pick a time first.");
    void send(e.submitter as HTMLButtonElement, new Date(at.value).toISOString());
  });

  return { show, loadTopics };
}
