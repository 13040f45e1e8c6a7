/**
 * Key rotation (`cli rotate-key`): every stored installation sealed under another key than TOKEN_ENCRYPTION_KEY's
 * first is opened with its own key and sealed again under the first. Afterwards the old key can leave the variable.
 */
import type { Store } from '../storage/types.js';
import { type Keyring, open, seal, sealedKeyId } from './crypto.js';

export interface RotationResult {
  /** Installations sealed again under the current key. */
  rotated: string[];
  /** Installations already under it. */
  current: number;
  /** Installations saved anew by another process while this ran (they are under the current key already). */
  changedMeanwhile: string[];
}

/** Re-encrypts every installation not under the keyring's current key. Throws (naming it) on one it cannot open. */
export async function rotateInstallationKeys(store: Store, keyring: Keyring, now: number): Promise<RotationResult> {
  const result: RotationResult = { rotated: [], current: 0, changedMeanwhile: [] };
  for (const row of await store.installations.listInstallations()) {
    if (row.keyId === keyring.current.id && sealedKeyId(row.secret) === keyring.current.id) {
      result.current += 1;
      continue;
    }
    const plaintext = open(keyring, row.secret, row.installKey);
    const secret = seal(keyring, plaintext, row.installKey);
    const replaced = await store.installations.replaceSecret(row.installKey, row.secret, {
      keyId: keyring.current.id,
      secret,
      updatedAt: now,
    });
    (replaced ? result.rotated : result.changedMeanwhile).push(row.installKey);
  }
  return result;
}
