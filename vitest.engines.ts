// The test projects every service runs: each test file on SQLite, and, with TEST_DATABASE_URL set (CI always sets
// it), the route tests again on PostgreSQL in a database of the package's own (see test/pg-setup.ts). Under CI a
// missing PostgreSQL fails the run instead of quietly testing one engine.
export function engineProjects(service: string) {
  const pgUrl = process.env.TEST_DATABASE_URL;
  if (!pgUrl && process.env.CI === "true") {
    throw new Error("CI=true but TEST_DATABASE_URL is not set: start PostgreSQL (see .ci/run)");
  }
  if (!pgUrl) console.warn(`${service}: TEST_DATABASE_URL is not set, so the PostgreSQL run is skipped (SQLite only)`);
  const base = {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 20_000,
    // closes what each test opened (afterThisTest), file after file
    setupFiles: ["../../packages/kit/testing/cleanup.setup.ts"],
  };
  return [
    { test: { ...base, name: "sqlite", env: { PARLOR_TEST_ENGINE: "sqlite" } } },
    ...(pgUrl
      ? [
          {
            test: {
              ...base,
              name: "postgres",
              include: ["test/**/*.test.ts"],
              env: { PARLOR_TEST_ENGINE: "postgres" },
              globalSetup: ["test/pg-setup.ts"],
            },
          },
        ]
      : []),
  ];
}
