import { existsSync } from 'node:fs';

/** Loads ./.env when present (Node's own parser); the real environment wins over the file. */
export function loadDotEnv(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}
