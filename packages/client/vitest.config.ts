import { defineConfig } from "vitest/config";

// Each test starts a service as a process (tsx): allow for a slow start on a busy machine.
export default defineConfig({ test: { include: ["test/**/*.test.ts"], testTimeout: 60_000, hookTimeout: 60_000 } });
