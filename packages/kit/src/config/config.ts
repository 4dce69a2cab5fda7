import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { parseEnv } from "node:util";
import { z } from "zod";

/** A configuration schema: one zod field per variable (plain name, e.g. `PORT`), with a description. */
export type ConfigShape = Record<string, z.ZodType>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join("\n"));
  }
}

/** The repository root: the nearest folder up from here holding pnpm-workspace.yaml. */
export function findRepoRoot(from = process.cwd()): string {
  let dir = resolve(from);
  while (!existsSync(join(dir, "pnpm-workspace.yaml"))) {
    const up = dirname(dir);
    if (up === dir) return resolve(from);
    dir = up;
  }
  return dir;
}

/**
 * Reads the variables of `shape` with the contract's precedence, highest first: `PREFIX_NAME`, then `NAME`,
 * then the same two from `.env` at the repository root, then the schema's default. Throws a ConfigError
 * naming every bad variable.
 *
 *   const config = loadConfig({ PORT: z.coerce.number().default(3001) }, { prefix: "COMMENTS" });
 */
export function loadConfig<S extends ConfigShape>(
  shape: S,
  options: { prefix: string; env?: NodeJS.ProcessEnv; rootDir?: string; dotenv?: boolean },
): z.infer<z.ZodObject<S>> {
  const env = options.env ?? process.env;
  const rootDir = options.rootDir ?? findRepoRoot();
  const file = join(rootDir, ".env");
  const dotenv = options.dotenv !== false && existsSync(file) ? parseEnv(readFileSync(file, "utf8")) : {};
  const raw: Record<string, string | undefined> = {};
  for (const name of Object.keys(shape)) {
    const prefixed = `${options.prefix}_${name}`;
    raw[name] = [env[prefixed], env[name], dotenv[prefixed], dotenv[name]].find((v) => v !== undefined && v !== "");
  }
  const parsed = z.object(shape).safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => {
      const name = String(i.path[0]);
      // Secrets are never echoed: config errors end up in logs and journals.
      const secret = /TOKEN|SECRET|PASSWORD|KEY|SMTP_URL|DATABASE_URL/.test(name);
      const got = raw[name] === undefined || secret ? "" : ` (got ${JSON.stringify(raw[name])})`;
      return `${options.prefix}_${name} (or ${name}): ${i.message}${got}`;
    });
    throw new ConfigError([...new Set(problems)]);
  }
  return parsed.data as z.infer<z.ZodObject<S>>;
}

/** Resolves a path from the configuration against the repository root. */
export function resolvePath(rootDir: string, p: string): string {
  return isAbsolute(p) ? p : resolve(rootDir, p);
}

/** One variable as `cli config` and docs/configuration.md show it. */
export interface DescribedSetting {
  name: string;
  /** The schema's `.describe()` (or `.meta({ description })`) text; "" when it has none. */
  description: string;
  /** The schema's own default as written (`"1h"`, before any transform), or undefined when it has none. */
  default: unknown;
  /** `.meta({ unset })`: what leaving the variable out means, where the default alone does not say it. */
  unset?: string;
}

/**
 * Each variable of a configuration schema with its description and default, for `cli config` and the generated
 * docs/configuration.md (`pnpm run docs`).
 *
 *   PUBLIC_URL: f.url().optional().meta({ description: "the origin readers reach", unset: "`http://HOST:PORT`" }),
 */
export function describeConfig(shape: ConfigShape): DescribedSetting[] {
  return Object.entries(shape).map(([name, schema]) => {
    const meta = (schema.meta() ?? {}) as { description?: string; unset?: string };
    return { name, description: meta.description ?? "", default: rawDefault(schema), unset: meta.unset };
  });
}

/** The default a schema falls back to, before any transform, found through the schemas it wraps. */
function rawDefault(schema: z.ZodType): unknown {
  // zod 4 keeps what a schema wraps in `_zod.def`: a default its defaultValue, a pipe (a transform) its input, an
  // optional its inner type.
  type Def = { type: string; defaultValue?: unknown; in?: z.ZodType; innerType?: z.ZodType };
  let def = schema._zod.def as Def;
  for (let depth = 0; depth < 10; depth++) {
    if (def.type === "default") return def.defaultValue;
    const inner = def.in ?? def.innerType;
    if (!inner) return undefined;
    def = inner._zod.def as Def;
  }
  return undefined;
}
