export { type RunConfig, runService, type ServiceContext, type Stoppable } from "./run.ts";
export { loadServiceRuntime, type ServiceRuntime } from "./runtime.ts";
