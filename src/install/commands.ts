/**
 * The operator commands of distributed mode, for src/cli.ts to call once it has parsed their flags and opened the
 * store: `purge [--now ISO] [--dry-run]` and `rotate-key`. Each prints JSON lines, nothing secret.
 */
import type { Store } from '../storage/types.js';
import type { Keyring } from './crypto.js';
import { purgeDue } from './purge.js';
import { rotateInstallationKeys } from './rotate.js';

/**
 * Purges every workspace whose grace period has passed at `now`: one JSON line per uninstalled installation, with
 * each team's rows per table (or why it was kept). A dry run prints the same and deletes nothing.
 */
export async function purgeCommand(
  store: Store,
  options: { now: number; dryRun: boolean },
  out: (text: string) => void,
): Promise<void> {
  for (const outcome of await purgeDue(store, options)) {
    const teams = outcome.teams.map((team) => ({
      teamId: team.teamId,
      ...(team.tables ? { rows: Object.fromEntries(team.tables.map((count) => [count.table, count.rows])) } : {}),
      ...(team.kept ? { kept: team.kept } : {}),
    }));
    out(`${JSON.stringify({ ...outcome, teams })}\n`);
  }
}

/** Re-encrypts every installation under TOKEN_ENCRYPTION_KEY's first key; prints what it did as one JSON line. */
export async function rotateKeyCommand(
  store: Store,
  keyring: Keyring,
  now: number,
  out: (text: string) => void,
): Promise<void> {
  const result = await rotateInstallationKeys(store, keyring, now);
  out(`${JSON.stringify({ key: keyring.current.id, ...result })}\n`);
}
