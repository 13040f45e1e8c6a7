/**
 * Tokens at rest: AES-256-GCM under a key from TOKEN_ENCRYPTION_KEY. The variable holds one key or several,
 * comma-separated, each `id:base64-of-32-bytes` (a bare base64 key is id `k1`). The first key encrypts; every key
 * decrypts, so a key is rotated by putting a new one first, running `cli rotate-key`, then dropping the old one.
 *
 * A sealed value is `v1:<key id>:<iv>:<tag>:<ciphertext>` (base64url parts): it names its key, carries a random
 * 12-byte IV and the 16-byte tag. The caller's `context` (the installation's key, `T:T123`) is authenticated with
 * it, so a value copied onto another row does not open there either.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const DEFAULT_KEY_ID = 'k1';
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export interface EncryptionKey {
  readonly id: string;
  readonly key: Buffer;
}

/** The keys from TOKEN_ENCRYPTION_KEY: `current` encrypts, all of `keys` decrypt. */
export interface Keyring {
  readonly current: EncryptionKey;
  readonly keys: ReadonlyMap<string, EncryptionKey>;
}

/** TOKEN_ENCRYPTION_KEY is not a list of keys this module can use; the message says what is wrong. */
export class KeyringError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyringError';
  }
}

/** A sealed value that cannot be opened: its key is not in the keyring, or it was altered, or it is not one. */
export class DecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecryptionError';
  }
}

/** How to make a key: 32 random bytes, base64. */
export const KEY_HINT = "make one with: node -e \"console.log(require('crypto').randomBytes(32).toString('base64'))\"";

/** Parses TOKEN_ENCRYPTION_KEY. Throws a KeyringError naming the entry that is wrong. */
export function parseKeyring(text: string): Keyring {
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) throw new KeyringError(`holds no key; ${KEY_HINT}`);
  const keys = new Map<string, EncryptionKey>();
  entries.forEach((entry, index) => {
    const separator = entry.indexOf(':');
    const id = separator < 0 ? (entries.length === 1 ? DEFAULT_KEY_ID : '') : entry.slice(0, separator);
    const material = separator < 0 ? entry : entry.slice(separator + 1);
    const where = `key ${index + 1}${id ? ` (${id})` : ''}`;
    if (!id) throw new KeyringError(`${where}: with several keys, each must be id:base64 (k2:…,k1:…)`);
    if (!KEY_ID.test(id)) throw new KeyringError(`${where}: an id is 1 to 32 letters, digits, - or _`);
    if (keys.has(id)) throw new KeyringError(`${where}: the id ${id} is used twice`);
    const key = BASE64.test(material) ? Buffer.from(material, 'base64') : null;
    if (!key || key.length !== KEY_BYTES) {
      throw new KeyringError(`${where}: should be ${KEY_BYTES} bytes in base64 (44 characters); ${KEY_HINT}`);
    }
    keys.set(id, { id, key });
  });
  const first = keys.values().next().value as EncryptionKey;
  return { current: first, keys };
}

/** Encrypts `plaintext` under the keyring's current key, bound to `context`. */
export function seal(keyring: Keyring, plaintext: string, context: string): string {
  const { id, key } = keyring.current;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [
    VERSION,
    id,
    iv.toString('base64url'),
    cipher.getAuthTag().toString('base64url'),
    ciphertext.toString('base64url'),
  ].join(':');
}

/** The key id a sealed value names (without opening it); null when it is not a sealed value. */
export function sealedKeyId(sealed: string): string | null {
  const parts = sealed.split(':');
  return parts.length === 5 && parts[0] === VERSION ? (parts[1] as string) : null;
}

/** Decrypts a value `seal` made with the same `context`. Throws a DecryptionError saying why it cannot. */
export function open(keyring: Keyring, sealed: string, context: string): string {
  const parts = sealed.split(':');
  if (parts.length !== 5 || parts[0] !== VERSION) {
    throw new DecryptionError(`The stored secret of ${context} is not an encrypted value this version can read`);
  }
  const [, id, ivText, tagText, ciphertextText] = parts as [string, string, string, string, string];
  const entry = keyring.keys.get(id);
  if (!entry) {
    throw new DecryptionError(
      `The stored secret of ${context} was encrypted with key ${id}, which TOKEN_ENCRYPTION_KEY does not hold ` +
        `(it holds ${[...keyring.keys.keys()].join(', ')}): add that key back after the current one`,
    );
  }
  const iv = Buffer.from(ivText, 'base64url');
  const tag = Buffer.from(tagText, 'base64url');
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
    throw new DecryptionError(`The stored secret of ${context} is damaged (its IV or tag has the wrong length)`);
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', entry.key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(ciphertextText, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    throw new DecryptionError(
      `The stored secret of ${context} does not open with key ${id}: the key under that id is not the one it was ` +
        'encrypted with, or the stored value was altered',
    );
  }
}
