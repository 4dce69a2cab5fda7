import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
export const COMMENTS_DIR = join(REPO_ROOT, "services", "comments");
export const NEWSLETTER_DIR = join(REPO_ROOT, "services", "newsletter");
export const GATEWAY_DIR = join(REPO_ROOT, "infra", "dev-gateway");

/** The moderators' token every test server starts with: 32 characters. */
export const ADMIN_TOKEN = "parlor-test-admin-token-32-chars";

/** `tsx src/main.ts` exactly as a package's `start` script runs it, without a shell in between. */
export function tsxArgs(packageDir: string, entry = "src/main.ts"): [string, string[]] {
  return [process.execPath, [join(packageDir, "node_modules", "tsx", "dist", "cli.mjs"), entry]];
}

// Settings of the developer's shell (or of vitest: NODE_ENV=test) must not leak into the servers under test.
const PLAIN = [
  "HOST",
  "PORT",
  "DATA_DIR",
  "DATABASE_URL",
  "SMTP_URL",
  "MAIL_FROM",
  "PUBLIC_URL",
  "ADMIN_TOKEN",
  "TRUST_PROXY",
  "MODERATOR_EMAIL",
  "RATE_LIMIT",
  "MODERATION",
  "MAIL_RETRY_MAX_DELAY",
  "CRISIS_MESSAGE",
  "CRISIS_LINKS",
  "LOG_LEVEL",
  "NODE_ENV",
];

/**
 * process.env without any Parlor setting, plus `vars` (an undefined value removes a variable). A `.env` file at
 * the repository root is still read by the services: every test sets what it relies on explicitly.
 */
export function cleanEnv(vars: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (PLAIN.includes(key) || /^(COMMENTS|NEWSLETTER|GATEWAY|PARLOR|VITEST)_?/.test(key)) continue;
    env[key] = value;
  }
  for (const [key, value] of Object.entries(vars)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

/** Temporary folders, removed by `removeTempDirs()` in afterAll. */
const made: string[] = [];
export async function tempDir(label: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `parlor-${label}-`));
  made.push(dir);
  return dir;
}
export async function removeTempDirs() {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}
