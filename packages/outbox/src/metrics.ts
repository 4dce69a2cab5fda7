import type { Metrics } from "@parlor/kit";
import { oldestWaitingSince } from "./claims.repository.ts";
import type { AnyDb } from "./db.ts";

type Registry = Metrics["registry"];
type Counter = ReturnType<Metrics["counter"]>;
export type OutboxCounters = ReturnType<typeof registerOutboxMetrics>;

// Several outboxes may report to one registry (tests do); prom-client refuses a name twice, so the counters
// are shared with an `outbox` label and the one age gauge per prefix reports the oldest row of all of them.
const ageReaders = new WeakMap<Registry, Map<string, Map<string, () => Promise<Date | null>>>>();

/**
 * Registers an outbox's metrics on the kit registry, named by the handler (`mail_sent_total{outbox=…}`): counters
 * by outbox table, and a gauge with the age in seconds of the oldest row not yet delivered (read from the
 * database when Prometheus scrapes).
 */
export function registerOutboxMetrics(
  metrics: Pick<Metrics, "registry" | "counter" | "gauge">,
  db: AnyDb,
  table: string,
  options: { prefix: string; now?: () => Date },
) {
  const { prefix } = options;
  const now = options.now ?? (() => new Date());
  const counter = (name: string, help: string) =>
    ((metrics.registry.getSingleMetric(name) as Counter | undefined) ?? metrics.counter(name, help, ["outbox"])).labels(
      { outbox: table },
    );
  const counters = {
    queued: counter(`${prefix}_queued_total`, "Messages the worker picked up for their first delivery attempt"),
    sent: counter(`${prefix}_sent_total`, "Messages the relay accepted (or that were written to files)"),
    retried: counter(`${prefix}_retried_total`, "Temporary failures scheduled for another attempt"),
    dead: counter(`${prefix}_dead_total`, "Messages given up on (permanent failure or retry horizon passed)"),
  };
  let byPrefix = ageReaders.get(metrics.registry);
  if (!byPrefix) {
    byPrefix = new Map();
    ageReaders.set(metrics.registry, byPrefix);
  }
  let readers = byPrefix.get(prefix);
  if (!readers) {
    const all = new Map<string, () => Promise<Date | null>>();
    byPrefix.set(prefix, all);
    metrics.gauge(
      `${prefix}_oldest_queued_age_seconds`,
      "Age of the oldest message not yet sent, in seconds",
      async () => {
        const dates = (await Promise.all([...all.values()].map((read) => read()))).filter((d): d is Date => d !== null);
        if (dates.length === 0) return 0;
        return Math.max(0, (now().getTime() - Math.min(...dates.map((d) => d.getTime()))) / 1000);
      },
    );
    readers = all;
  }
  readers.set(table, () => oldestWaitingSince(db, table));
  return counters;
}
