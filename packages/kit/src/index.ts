// @parlor/kit: what every layer of a service may use, whatever its concern: the domain's errors (no HTTP in
// them), the logger, tokens and random bytes, durations and the metrics registry. Each concern has its own
// entry point: @parlor/kit/http, /store, /config, /cli, /jobs, /pages, /rights, /moderators, /service, and
// /testing for tests only.
export * from "./core/duration.ts";
export * from "./core/errors.ts";
export * from "./core/ids.ts";
export { createLogger, type Logger, maskAddresses, maskEmail, maskLogLine } from "./core/logger.ts";
export { createMetrics, type Metrics } from "./core/metrics.ts";
export { createPooledRandom, pooledRandomBytes } from "./core/random.ts";
export * from "./core/token-strength.ts";
export { hashToken, newToken, tokenMatches } from "./core/tokens.ts";
