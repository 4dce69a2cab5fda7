export { type Job, type JobOptions, startJob, startRetentionJob } from "./job.ts";
export { sleep } from "./sleep.ts";
