export { backoffDelay, nextAttemptAt } from "./backoff.ts";
export {
  claimBatch,
  markDead,
  markManySent,
  markRetry,
  markSent,
  oldestWaitingSince,
  releaseLease,
  renewLease,
  renewLeases,
  requeueDead,
} from "./claims.repository.ts";
export type { AnyDb } from "./db.ts";
export { eraseKeyPrefixes, erasePayloadMentions, eraseTarget } from "./erase.repository.ts";
export { type OutboxCounters, registerOutboxMetrics } from "./metrics.ts";
export { createPacer, type Pacer } from "./pacer.ts";
export { createSentMarks } from "./sent-marks.ts";
export { DEFAULT_OUTBOX_SETTINGS, type OutboxSettings, outboxSettings } from "./settings.ts";
export {
  checkTable,
  createOutboxTable,
  dropOutboxTable,
  enqueueItems,
  enqueueNone,
  giveUpItem,
  itemsFor,
  type OutboxItem,
  type OutboxRow,
  type OutboxStatus,
  type OutboxTable,
  redirectItem,
  replacePayload,
  waitingItems,
} from "./table.repository.ts";
export {
  createOutboxWorker,
  type DeadOutcome,
  type DeliveryHandler,
  type FailureVerdict,
  type OutboxLogger,
  type OutboxWorker,
  type OutboxWorkerOptions,
  type RunSummary,
} from "./worker.ts";
