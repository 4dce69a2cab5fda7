import { h } from "../../browser/dom.ts";
import { type Api, ApiError, createApi, Unauthorized } from "./api.ts";

/** What a console (comments or newsletter) gives the shell: its first load, and what to do around sign-out. */
export interface ConsoleApp {
  /** Loads the first view; resolves with a sentence saying what is shown. Throws Unauthorized for a bad token. */
  start(): Promise<string>;
  /** Sends what is still held (decisions in their undo window) before the token is forgotten. */
  flush(): Promise<void>;
  /** Forgets everything shown. */
  reset(): void;
  /** Where focus goes after signing in. */
  focusTarget(): HTMLElement | null;
}

export interface Shell {
  api: Api;
  root: HTMLElement;
  /** Says a sentence in the status line; `quiet`: for screen readers only (the page shows it another way). */
  announce(text: string, quiet?: boolean): void;
  showError(message: string, details?: string[]): void;
  clearError(): void;
  /** Shows an error as a person reads it; a refused token signs out. */
  fail(e: unknown): void;
  signedIn(): boolean;
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** sessionStorage can be switched off; the console then keeps the token in memory only. */
function tokenStore(key: string) {
  return {
    get: () => {
      try {
        return sessionStorage.getItem(key);
      } catch {
        return null;
      }
    },
    set: (token: string) => {
      try {
        sessionStorage.setItem(key, token);
      } catch {
        /* memory only */
      }
    },
    clear: () => {
      try {
        sessionStorage.removeItem(key);
      } catch {
        /* nothing stored */
      }
    },
  };
}

/**
 * Wires the page the server rendered (header, sign-in form, status line, error box) and runs a console app
 * inside `#console` once a token is accepted. The token lives in this tab's sessionStorage only.
 */
export function startShell(storageKey: string, mount: (shell: Shell) => ConsoleApp) {
  const ui = {
    status: $<HTMLParagraphElement>("status"),
    error: $<HTMLDivElement>("error"),
    signOut: $<HTMLButtonElement>("sign-out"),
    signIn: $<HTMLElement>("sign-in"),
    form: $<HTMLFormElement>("sign-in-form"),
    token: $<HTMLInputElement>("token"),
    button: $<HTMLButtonElement>("sign-in-button"),
    root: $<HTMLDivElement>("console"),
  };
  const store = tokenStore(storageKey);
  let token: string | null = null;
  let timer = 0;
  let fade = 0;

  const shell: Shell = {
    api: createApi(() => token),
    root: ui.root,
    announce(text, quiet = false) {
      // Emptied first, so the same sentence twice in a row is read out twice.
      ui.status.textContent = "";
      ui.status.classList.toggle("visually-hidden", quiet);
      clearTimeout(timer);
      clearTimeout(fade);
      timer = window.setTimeout(() => {
        ui.status.textContent = text;
        // The line was read out when it appeared; emptied later, it stops covering the page.
        fade = window.setTimeout(() => {
          ui.status.textContent = "";
        }, 8000);
      }, 30);
    },
    showError(message, details = []) {
      ui.error.replaceChildren(h("p", {}, message));
      if (details.length) ui.error.append(h("ul", {}, ...details.map((d) => h("li", {}, d))));
      ui.error.hidden = false;
    },
    clearError() {
      ui.error.hidden = true;
      ui.error.replaceChildren();
    },
    fail(e) {
      if (e instanceof Unauthorized) void signOut("That token is not valid. Check it and sign in again.");
      else if (e instanceof ApiError) shell.showError(e.message, e.details);
      else shell.showError(e instanceof Error ? e.message : String(e));
    },
    signedIn: () => token !== null && !ui.root.hidden,
  };
  const app = mount(shell);

  async function enter(value: string) {
    token = value;
    store.set(value);
    ui.button.disabled = true;
    try {
      const shown = await app.start();
      ui.token.value = "";
      ui.signIn.hidden = true;
      ui.root.hidden = false;
      ui.signOut.hidden = false;
      shell.clearError();
      shell.announce(`Signed in. ${shown}`);
      // On a phone, focusing far down the page would scroll the header away: keep the page at its top.
      window.scrollTo(0, 0);
      app.focusTarget()?.focus({ preventScroll: true });
    } catch (e) {
      shell.fail(e);
    } finally {
      ui.button.disabled = false;
    }
  }

  /** With a message the token was refused: nothing held can be sent with it any more. */
  async function signOut(message?: string) {
    if (token === null) return;
    if (!message && !ui.root.hidden) await app.flush().catch(() => {});
    token = null;
    store.clear();
    app.reset();
    ui.root.hidden = true;
    ui.signOut.hidden = true;
    ui.signIn.hidden = false;
    if (message) {
      shell.showError(message);
      ui.token.select();
    } else {
      shell.clearError();
      shell.announce("Signed out.");
      ui.token.focus();
    }
  }

  ui.form.addEventListener("submit", (e) => {
    e.preventDefault();
    const value = ui.token.value.trim();
    if (!value) {
      shell.showError("Enter the admin token.");
      ui.token.focus();
      return;
    }
    shell.clearError();
    void enter(value);
  });
  ui.signOut.addEventListener("click", () => void signOut());
  ui.token.disabled = false;
  ui.button.disabled = false;
  const saved = store.get();
  if (saved) void enter(saved);
  else ui.token.focus();
}
