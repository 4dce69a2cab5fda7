import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    // Two files at a time: vitest's default on 2 cores is one (cores - 1), and these files mostly wait on the
    // processes, browsers and SMTP servers they start. pnpm test runs this package alone, after the others.
    maxWorkers: 2,
    // Each file starts real processes (and chromium); none of them is quick on a 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 90_000,
    teardownTimeout: 30_000,
  },
});
