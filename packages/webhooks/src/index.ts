// Webhooks: a delivery handler on the outbox (@parlor/outbox): events, HMAC signatures.
export { urlsFor, type WebhookRoutes, webhookConfigProblem, webhookConfigShape } from "./config.ts";
export { createWebhookEmitter, type StoredDelivery, type WebhookEmitter, type WebhookEvent } from "./emitter.ts";
export { type RetargetSummary, retargetDeliveries } from "./retarget.ts";
export { SIGNATURE_HEADER, sign, verifySignature } from "./signature.ts";
export {
  createWebhookWorker,
  DEFAULT_WEBHOOK_SETTINGS,
  eraseDeliveriesMentioning,
  startWebhookWorker,
  type WebhookWorker,
  type WebhookWorkerSettings,
  webhookHandler,
} from "./worker.ts";
