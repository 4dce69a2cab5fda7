import type { Shell } from "../kit/shell.ts";
import { API, type Counts, type View } from "./types.ts";

/**
 * How many comments each view holds, from `GET /v1/admin/comments/counts`; adjusted at once when a decision is
 * held (so the tabs match the lists) and read again from the server once it is sent.
 */
export function createCounts(shell: Shell, onChange: (counts: Counts) => void) {
  let counts: Counts | null = null;
  return {
    async refresh() {
      counts = (await shell.api.json<{ counts: Counts }>("GET", `${API}/counts`)).counts;
      onChange(counts);
    },
    /** Refreshes, showing a failure instead of throwing it (after a decision was sent). */
    refreshQuietly() {
      this.refresh().catch((e) => shell.fail(e));
    },
    adjust(view: View, delta: number, crisis: boolean) {
      if (!counts) return;
      counts[view] = Math.max(0, counts[view] + delta);
      if (crisis && view === "pending") counts.crisis = Math.max(0, counts.crisis + delta);
      onChange(counts);
    },
    get: () => counts,
  };
}
export type CountsStore = ReturnType<typeof createCounts>;
