import { resolve } from "node:path";

/**
 * A path the operator typed, resolved against the folder pnpm was started in (pnpm runs the script inside the
 * package and passes that folder as INIT_CWD; from the repository root, `pnpm comments …` resolves against the root).
 */
export function operatorPath(path: string): string {
  return resolve(process.env.INIT_CWD ?? process.cwd(), path);
}
