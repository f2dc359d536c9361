import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * Where third-party test data lives: `../shared/<name>` beside the repository unless the
 * environment variable names another folder. Returns undefined (after saying so once) when the
 * folder is absent, as in a user's own clone; callers skip the cases that need it.
 */
function sharedDir(name: string, envVariable: string): string | undefined {
  const dir = process.env[envVariable] ?? path.resolve(repoRoot, "..", "shared", name);
  if (existsSync(dir)) return dir;
  console.warn(`${name} data not found at ${dir} (set ${envVariable}); skipping the cases that need it`);
  return undefined;
}

/** Kaspa's GHOSTDAG vectors and the Ethereum execution-apis schemas. */
export function conformanceDir(): string | undefined {
  return sharedDir("conformance", "CITRATE_CONFORMANCE_DIR");
}

/** Real DAGs for benchmarks (Kaspa simulations, k=18). */
export function benchDataDir(): string | undefined {
  return sharedDir("bench-data", "CITRATE_BENCH_DATA_DIR");
}
