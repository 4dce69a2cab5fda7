import type { Decisions } from "../kit/decisions.ts";
import type { Shell } from "../kit/shell.ts";
import type { CountsStore } from "./counts.ts";

/** What a list of comments (and the actions on each) works with: the shell, held decisions, the tab counts. */
export interface ListContext {
  shell: Shell;
  decisions: Decisions;
  counts: CountsStore;
  /** After "Block author": the block lists changed. */
  blocksChanged(): void;
}
