import { freshPgTestDatabase } from "@parlor/kit/testing";

// The PostgreSQL project's global setup: a fresh database for this package, dropped when the run ends.
export default async function setup() {
  return freshPgTestDatabase(process.env.TEST_DATABASE_URL as string, "comments");
}
