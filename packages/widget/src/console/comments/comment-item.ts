import { h, uid } from "../../browser/dom.ts";
import { plural, timeEl } from "../kit/text.ts";
import { flaggedWords, highlight } from "./highlight.ts";
import { type AdminComment, FLAGS, REASONS, type Status } from "./types.ts";

/** What each action makes of a comment; `delete`, `reply`, `dismiss` and `block` do not set a status. */
export const NEW_STATUS: Record<string, Status> = {
  approve: "approved",
  reject: "rejected",
  spam: "spam",
  block: "spam",
};

const ACTIONS: [string, string][] = [
  ["approve", "Approve"],
  ["reject", "Reject"],
  ["spam", "Spam"],
  ["delete", "Delete"],
  ["reply", "Reply"],
  ["dismiss", "Dismiss reports"],
  ["block", "Block author"],
  ["pin", "Pin"],
];

const flagLabel = (f: string) => FLAGS[f]?.[0] ?? f;

/** The comment's page as a same-site link; anything that is not a plain path stays text. */
function pageLink(uri: string) {
  if (!/^\/(?![/\\])/.test(uri)) return h("code", {}, uri);
  return h("a", { href: uri, target: "_blank", rel: "noopener noreferrer" }, uri);
}

/** Server-rendered, sanitized HTML (the contract: no script, handlers or javascript: URLs) into an element. */
function sanitizedHtml(className: string, html: string) {
  const div = h("div", { class: className });
  div.innerHTML = html;
  return div;
}

/** The comment a reply answers, quoted above it. */
function parentBlock(c: AdminComment) {
  if (c.parentId === null || c.parent === undefined) return null;
  if (c.parent === null || c.parent.deleted)
    return h("p", { class: "parent parent-gone" }, "In reply to a comment that was deleted.");
  const p = c.parent;
  return h(
    "figure",
    { class: "parent" },
    h(
      "figcaption",
      {},
      "In reply to ",
      h("span", { class: "parent-name" }, p.author.name),
      p.status === "approved" ? "" : ` (${p.status})`,
    ),
    sanitizedHtml("parent-body", p.html),
  );
}

function flagList(c: AdminComment) {
  if (c.flags.length === 0) return [];
  const titleId = uid("flags");
  const list = h(
    "ul",
    { class: "flags", "aria-labelledby": titleId },
    ...c.flags.map((f) => {
      const [label, why] = FLAGS[f] ?? [f, "flagged by the screen"];
      return h("li", { class: `flag flag-${f.replace(/[^a-z_]/g, "")}` }, h("strong", {}, label), ` — ${why}`);
    }),
  );
  const words = c.body && c.flagDetails?.length ? flaggedWords(c.body, c.flagDetails) : [];
  const heard = words.length
    ? h(
        "p",
        { class: "flag-words" },
        "Flagged words: ",
        ...words.flatMap((w, i) => [i ? ", " : "", h("q", {}, w.text), ` (${flagLabel(w.flag)})`]),
      )
    : null;
  return [h("p", { id: titleId, class: "visually-hidden" }, "Why it was held"), list, heard];
}

/** A published comment's edit that waits: the new text, marked like a held comment, above the published one. */
function revisionBlock(c: AdminComment) {
  const r = c.revision;
  if (!r) return null;
  const text = sanitizedHtml("body revision-body", r.html);
  if (r.flagDetails.length) highlight(text, r.body, r.flagDetails, flagLabel);
  const why = r.flags.filter((f) => f !== "edited").map(flagLabel);
  return h(
    "figure",
    { class: "revision" },
    h(
      "figcaption",
      {},
      h("strong", {}, "Edited, waiting for you"),
      " ",
      timeEl(r.editedAt),
      why.length ? ` — held for: ${why.join(", ")}` : "",
      ". Approve publishes this text; Reject keeps the published text below.",
    ),
    text,
  );
}

function reportsBlock(c: AdminComment) {
  if (!c.reports) return null;
  const reasons = Object.entries(c.reports.reasons)
    .map(([r, n]) => `${REASONS[r] ?? r} (${n})`)
    .join(", ");
  return h(
    "div",
    { class: "reports" },
    h("strong", {}, `${plural(c.reports.count, "reader report")}: ${reasons}`),
    c.reports.notes.length ? h("ul", {}, ...c.reports.notes.map((note) => h("li", {}, note))) : null,
  );
}

/**
 * One comment as a moderator reads it: who wrote it and where, the comment it answers, why it was held (the
 * flagged words marked in the text), readers' reports, the text, and the actions. Every value from the API is
 * written as text, except the comment's and its parent's `html`, which the server rendered and sanitized.
 */
export function commentItem(c: AdminComment) {
  const whoId = uid("who");
  const name = c.author.name;
  const crisis = c.flags.includes("crisis");
  const li = h("li", { class: crisis ? "item crisis" : "item", tabindex: "-1", "aria-labelledby": whoId });
  li.dataset.id = c.id;
  li.dataset.name = name;
  li.dataset.status = c.status;

  const head = h(
    "div",
    { class: "item-head" },
    h("input", { type: "checkbox", class: "pick", "aria-label": `Select the comment by ${name}` }),
    h(
      "h3",
      { id: whoId, class: "who" },
      h("span", { class: "name" }, name),
      c.author.isModerator ? h("span", { class: "badge mod" }, "Moderator") : null,
      c.pinned ? h("span", { class: "badge pinned" }, "Pinned") : null,
    ),
    timeEl(c.createdAt),
    c.editedAt ? h("span", { class: "edited" }, "(edited)") : null,
  );

  const contact = h("p", { class: "contact" });
  if (c.author.email) contact.append(h("span", { class: "email" }, c.author.email));
  if (c.author.website) contact.append(h("span", { class: "website" }, c.author.website));
  if (!contact.childNodes.length) contact.append(h("span", { class: "none" }, "No email or website"));

  const where = h(
    "p",
    { class: "where" },
    "On ",
    c.pageTitle ? h("span", { class: "page-title" }, c.pageTitle) : null, // text, never HTML
    c.pageTitle ? " · " : null,
    pageLink(c.uri),
  );
  const body = sanitizedHtml("body", c.html);
  if (c.body && c.flagDetails?.length) highlight(body, c.body, c.flagDetails, flagLabel);

  const actions = h("div", { class: "actions", role: "group", "aria-labelledby": whoId });
  for (const [act, label] of ACTIONS) {
    // Already there, the button would do nothing; but with an edit waiting, Approve edit publishes it, and Reject
    // edit drops it, beside Reject (the whole comment).
    const onEdit = c.revision !== undefined && act === "approve";
    if (c.revision !== undefined && act === "reject")
      actions.append(h("button", { type: "button", class: "act", "data-act": "reject-edit" }, "Reject edit"));
    if (NEW_STATUS[act] === c.status && act !== "block" && !onEdit) continue;
    if (act === "dismiss" && !c.reports) continue;
    if (act === "block" && c.author.isModerator) continue;
    if (act === "pin" && c.status !== "approved") continue;
    if (act === "pin" && c.pinned) {
      actions.append(h("button", { type: "button", class: "act", "data-act": "unpin" }, "Unpin"));
      continue;
    }
    const cls = act === "approve" ? "act primary" : act === "delete" ? "act danger" : "act";
    actions.append(h("button", { type: "button", class: cls, "data-act": act }, onEdit ? `${label} edit` : label));
  }

  const replyId = uid("reply");
  const reply = h(
    "form",
    { class: "reply", hidden: true },
    h("label", { for: replyId }, "Reply as moderator"),
    h("textarea", {
      id: replyId,
      name: "body",
      rows: "4",
      maxlength: "10000",
      required: true,
      "aria-describedby": `${replyId}-hint`,
    }),
    h(
      "p",
      { class: "hint", id: `${replyId}-hint` },
      c.status === "approved"
        ? "Markdown. Published at once under the moderator name."
        : "Markdown. Published at once under the moderator name; readers see it once this comment is approved.",
    ),
    h(
      "div",
      { class: "actions" },
      h("button", { type: "submit", class: "primary" }, "Post reply"),
      h("button", { type: "button", "data-act": "cancel-reply" }, "Cancel"),
    ),
  );

  li.append(
    head,
    contact,
    where,
    ...[parentBlock(c), ...flagList(c), reportsBlock(c), revisionBlock(c)].filter((x) => x !== null),
    body,
    actions,
    reply,
  );
  return li;
}
