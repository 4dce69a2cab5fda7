/**
 * Records sends in groups: the ids of sends that finish in the same turn of the event loop (or within `delayMs`
 * of each other, when given; or `maxGroup` of them) go in one write, one commit instead of one each. better-
 * sqlite3 writes synchronously, so a group never forms while a write is in flight: it forms while replies
 * from the relay are read. Each caller still waits for its own mark, so a crash can leave at most one sent
 * but unmarked message per connection.
 *
 *   const marks = createSentMarks((ids) => markManySent(db, table, ids, owner, clock.now()));
 *   const recorded = await marks.mark(row.id); // false: the row's lease had been taken over
 */
export function createSentMarks(
  write: (ids: string[]) => Promise<Set<string>>,
  options: { delayMs?: number; maxGroup?: number } = {},
) {
  const delayMs = options.delayMs ?? 0;
  const maxGroup = options.maxGroup ?? 200;
  let waiting: { id: string; resolve: (recorded: boolean) => void; reject: (err: unknown) => void }[] = [];
  let timer: NodeJS.Timeout | NodeJS.Immediate | null = null;
  let writing: Promise<void> = Promise.resolve();

  function flush() {
    if (timer) {
      clearTimeout(timer as NodeJS.Timeout);
      clearImmediate(timer as NodeJS.Immediate);
    }
    timer = null;
    const group = waiting;
    waiting = [];
    // One write at a time, in order.
    writing = writing.then(async () => {
      try {
        const recorded = await write(group.map((w) => w.id));
        for (const w of group) w.resolve(recorded.has(w.id));
      } catch (err) {
        for (const w of group) w.reject(err);
      }
    });
  }

  return {
    /**
     * Resolves once every mark asked for so far is written (or its write failed: the caller of `mark` hears of
     * that), writing the waiting ones at once.
     */
    settled(): Promise<void> {
      if (waiting.length > 0) flush();
      return writing.then(
        () => {},
        () => {},
      );
    },
    mark(id: string): Promise<boolean> {
      return new Promise((resolve, reject) => {
        waiting.push({ id, resolve, reject });
        if (waiting.length >= maxGroup) flush();
        else timer ??= delayMs > 0 ? setTimeout(flush, delayMs) : setImmediate(flush);
      });
    },
  };
}
