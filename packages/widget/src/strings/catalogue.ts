// The shape of every widget catalogue, and the one place that turns a catalogue (data a translator edits) into
// the texts the boxes show. Placeholders are `{name}`; a count is a plural: one text per CLDR plural category
// the language uses (`other` always), chosen with Intl.PluralRules and its number written with Intl.NumberFormat.

/** One text per plural category of the language (Arabic uses all six; English `one` and `other`). */
export interface Plural {
  zero?: string;
  one?: string;
  two?: string;
  few?: string;
  many?: string;
  other: string;
}

export interface Catalogue {
  /** The BCP 47 tag (`es`, `pt`, `ar`), used for plurals, numbers and dates. */
  locale: string;
  /** `rtl` for a language written right to left: the boxes mirror. */
  dir: "ltr" | "rtl";
  comments: {
    title: string;
    empty: string;
    /** `{n}`: how many comments. */
    count: Plural;
    loading: string;
    loadFailed: string;
    sortLabel: string;
    oldest: string;
    newest: string;
    loadMore: string;
    moderator: string;
    pinned: string;
    edited: string;
    deleted: string;
    reply: string;
    /** `{name}`: the author replied to. */
    replyTo: string;
    cancel: string;
    mine: string;
    edit: string;
    delete: string;
    save: string;
    confirmDelete: string;
    keep: string;
    editLabel: string;
    editSaved: string;
    editHeld: string;
    editWaiting: string;
    removed: string;
    windowClosed: string;
    gone: string;
    closed: string;
  };
  report: {
    action: string;
    /** `{name}`: the comment's author. */
    label: string;
    why: string;
    reasons: { spam: string; abuse: string; misinformation: string; personal_info: string; other: string };
    send: string;
    thanks: string;
    failed: string;
  };
  form: {
    heading: string;
    body: string;
    bodyHint: string;
    privacy: string;
    privacyMore: string;
    name: string;
    email: string;
    emailNote: string;
    notify: string;
    notifyHint: string;
    website: string;
    optional: string;
    submit: string;
    preview: string;
    previewLabel: string;
    sending: string;
    held: string;
    heldMore: string;
    published: string;
    fixFields: string;
    retry: string;
    failed: string;
    /** `{n}`: seconds to wait (under 90). */
    tooManySeconds: Plural;
    /** `{n}`: minutes to wait. */
    tooManyMinutes: Plural;
    tooLong: string;
    refused: string;
    closed: string;
    honeypot: string;
  };
  crisis: { title: string; received: string };
  newsletter: {
    title: string;
    lead: string;
    email: string;
    submit: string;
    sending: string;
    done: string;
    doneMore: string;
    failed: string;
    consentMissing: string;
    honeypot: string;
  };
  /** `{label}` `{message}` from problem+json (or the same check run before sending), shown under a field. */
  fieldError: string;
  /** Outcomes a form post without JavaScript came back with (`?parlor=…`). */
  outcomes: {
    held: string;
    crisis: string;
    published: string;
    error: string;
    closed: string;
    pending: string;
    subscribed: string;
  };
}

/** What the boxes call: the catalogue's texts, with counts, names and dates filled in for its locale. */
export type Strings = Omit<Catalogue, "comments" | "report" | "form" | "fieldError" | "outcomes"> & {
  comments: Omit<Catalogue["comments"], "count" | "replyTo"> & {
    count: (n: number) => string;
    replyTo: (name: string) => string;
  };
  report: Omit<Catalogue["report"], "label"> & { label: (name: string) => string };
  form: Omit<Catalogue["form"], "tooManySeconds" | "tooManyMinutes"> & { tooMany: (seconds: number) => string };
  fieldError: (label: string, message: string) => string;
  outcomes: Record<string, string>;
  date: (iso: string) => string;
};

/** Fills `{name}` placeholders; a placeholder without a value stays as written. */
export function fill(text: string, values: Record<string, string>) {
  return text.replace(/\{(\w+)\}/g, (all, key: string) => values[key] ?? all);
}

export function localize(c: Catalogue): Strings {
  const rules = new Intl.PluralRules(c.locale);
  const number = new Intl.NumberFormat(c.locale);
  const dates = new Intl.DateTimeFormat(c.locale, { dateStyle: "medium" });
  const plural = (p: Plural, n: number) => fill(p[rules.select(n) as keyof Plural] ?? p.other, { n: number.format(n) });
  return {
    ...c,
    comments: {
      ...c.comments,
      count: (n) => plural(c.comments.count, n),
      replyTo: (name) => fill(c.comments.replyTo, { name }),
    },
    report: { ...c.report, label: (name) => fill(c.report.label, { name }) },
    form: {
      ...c.form,
      tooMany: (s) => (s < 90 ? plural(c.form.tooManySeconds, s) : plural(c.form.tooManyMinutes, Math.ceil(s / 60))),
    },
    fieldError: (label, message) => fill(c.fieldError, { label, message }),
    date: (iso) => dates.format(new Date(iso)),
  };
}
