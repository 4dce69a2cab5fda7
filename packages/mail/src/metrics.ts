import type { Metrics } from "@parlor/kit";
import type { AnyDb } from "./db.ts";
import { oldestWaitingSince } from "./outbox.claims.ts";

type Registry = Metrics["registry"];
type Counter = ReturnType<Metrics["counter"]>;
export type MailCounters = ReturnType<typeof registerMailMetrics>;

// Several outboxes may report to one registry (tests do); prom-client refuses a name twice, so the counters
// are shared with an `outbox` label and the one age gauge reports the oldest message of all of them.
const ageReaders = new WeakMap<Registry, Map<string, () => Promise<Date | null>>>();

/**
 * Registers the outbox's metrics on the kit registry: counters by outbox table, and a gauge with the age in
 * seconds of the oldest message not yet sent (read from the database when Prometheus scrapes).
 */
export function registerMailMetrics(
  metrics: Pick<Metrics, "registry" | "counter" | "gauge">,
  db: AnyDb,
  table: string,
  now: () => Date = () => new Date(),
) {
  const counter = (name: string, help: string) =>
    ((metrics.registry.getSingleMetric(name) as Counter | undefined) ?? metrics.counter(name, help, ["outbox"])).labels(
      {
        outbox: table,
      },
    );
  const counters = {
    queued: counter("mail_queued_total", "Messages the worker picked up for their first delivery attempt"),
    sent: counter("mail_sent_total", "Messages the relay accepted (or that were written to files)"),
    retried: counter("mail_retried_total", "Temporary failures scheduled for another attempt"),
    dead: counter("mail_dead_total", "Messages given up on (permanent failure or retry horizon passed)"),
  };
  let readers = ageReaders.get(metrics.registry);
  if (!readers) {
    const all = new Map<string, () => Promise<Date | null>>();
    ageReaders.set(metrics.registry, all);
    metrics.gauge("mail_oldest_queued_age_seconds", "Age of the oldest message not yet sent, in seconds", async () => {
      const dates = (await Promise.all([...all.values()].map((read) => read()))).filter((d): d is Date => d !== null);
      if (dates.length === 0) return 0;
      return Math.max(0, (now().getTime() - Math.min(...dates.map((d) => d.getTime()))) / 1000);
    });
    readers = all;
  }
  readers.set(table, () => oldestWaitingSince(db, table));
  return counters;
}
