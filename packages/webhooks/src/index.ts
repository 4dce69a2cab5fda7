export { urlsFor, type WebhookRoutes, webhookConfigProblem, webhookConfigShape } from "./config.ts";
export { createWebhookEmitter, type StoredDelivery, type WebhookEmitter, type WebhookEvent } from "./emitter.ts";
export { SIGNATURE_HEADER, sign, verifySignature } from "./signature.ts";
export {
  createWebhookWorker,
  DEFAULT_WEBHOOK_SETTINGS,
  startWebhookWorker,
  type WebhookWorker,
  type WebhookWorkerSettings,
} from "./worker.ts";
