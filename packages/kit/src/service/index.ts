export { type ServiceInputs, serviceBasics, shellTables } from "./basics.ts";
export { type RunConfig, runService, type ServiceContext, type Stoppable } from "./run.ts";
export { loadServiceRuntime, type ServiceRuntime, serviceConfig } from "./runtime.ts";
