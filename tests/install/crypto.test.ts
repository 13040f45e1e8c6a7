import { describe, expect, it } from 'vitest';
import { DecryptionError, KeyringError, open, parseKeyring, seal, sealedKeyId } from '../../src/install/crypto.js';
import { KEY_A, KEY_B } from './support.js';

const TOKEN_JSON = '{"bot":{"token":"xoxb-1-2-secret"}}';

describe('parseKeyring', () => {
  it('takes a bare base64 key as k1', () => {
    const keyring = parseKeyring(KEY_A);
    expect(keyring.current.id).toBe('k1');
    expect(keyring.current.key).toEqual(Buffer.alloc(32, 0xa1));
    expect([...keyring.keys.keys()]).toEqual(['k1']);
  });

  it('encrypts with the first of several keys and keeps them all for decrypting', () => {
    const keyring = parseKeyring(` k2:${KEY_B} , k1:${KEY_A} `);
    expect(keyring.current.id).toBe('k2');
    expect([...keyring.keys.keys()]).toEqual(['k2', 'k1']);
  });

  it.each([
    ['', /holds no key/],
    [KEY_A.slice(0, 20), /key 1 \(k1\): should be 32 bytes in base64/],
    [Buffer.alloc(16).toString('base64'), /should be 32 bytes/],
    [`k1:${KEY_A},${KEY_B}`, /key 2: with several keys, each must be id:base64/],
    [`k1:${KEY_A},k1:${KEY_B}`, /key 2 \(k1\): the id k1 is used twice/],
    [`bad id:${KEY_A}`, /an id is 1 to 32 letters, digits, - or _/],
    ['k1:not base64!', /should be 32 bytes in base64/],
  ])('refuses %j, saying what is wrong', (text, message) => {
    expect(() => parseKeyring(text)).toThrow(KeyringError);
    expect(() => parseKeyring(text)).toThrow(message);
  });
});

describe('seal and open', () => {
  it('round-trips, with a fresh IV each time, and the sealed text names its key but not the token', () => {
    const keyring = parseKeyring(`k7:${KEY_A}`);
    const one = seal(keyring, TOKEN_JSON, 'T:T0001');
    const two = seal(keyring, TOKEN_JSON, 'T:T0001');
    expect(one).not.toBe(two);
    expect(one).toMatch(/^v1:k7:[\w-]{16}:[\w-]{22}:[\w-]+$/);
    expect(one).not.toContain('xoxb');
    expect(sealedKeyId(one)).toBe('k7');
    expect(open(keyring, one, 'T:T0001')).toBe(TOKEN_JSON);
    expect(open(keyring, two, 'T:T0001')).toBe(TOKEN_JSON);
  });

  it('opens what an older key sealed once that key follows the new one', () => {
    const sealed = seal(parseKeyring(`k1:${KEY_A}`), TOKEN_JSON, 'T:T0001');
    const rotated = parseKeyring(`k2:${KEY_B},k1:${KEY_A}`);
    expect(open(rotated, sealed, 'T:T0001')).toBe(TOKEN_JSON);
    expect(sealedKeyId(seal(rotated, TOKEN_JSON, 'T:T0001'))).toBe('k2');
  });

  it('refuses a value whose key is no longer held, naming the key', () => {
    const sealed = seal(parseKeyring(`k1:${KEY_A}`), TOKEN_JSON, 'T:T0001');
    expect(() => open(parseKeyring(`k2:${KEY_B}`), sealed, 'T:T0001')).toThrow(
      /T:T0001 was encrypted with key k1, which TOKEN_ENCRYPTION_KEY does not hold \(it holds k2\)/,
    );
  });

  it('refuses the wrong key under the right id', () => {
    const sealed = seal(parseKeyring(`k1:${KEY_A}`), TOKEN_JSON, 'T:T0001');
    expect(() => open(parseKeyring(`k1:${KEY_B}`), sealed, 'T:T0001')).toThrow(DecryptionError);
    expect(() => open(parseKeyring(`k1:${KEY_B}`), sealed, 'T:T0001')).toThrow(/does not open with key k1/);
  });

  it('refuses a tampered ciphertext, tag or IV, and a value moved to another installation', () => {
    const keyring = parseKeyring(KEY_A);
    const sealed = seal(keyring, TOKEN_JSON, 'T:T0001');
    const [version, id, iv, tag, ciphertext] = sealed.split(':') as [string, string, string, string, string];
    const flip = (text: string) => {
      const bytes = Buffer.from(text, 'base64url');
      bytes[0] = (bytes[0] ?? 0) ^ 1;
      return bytes.toString('base64url');
    };
    for (const tampered of [
      [version, id, iv, tag, flip(ciphertext)],
      [version, id, iv, flip(tag), ciphertext],
      [version, id, flip(iv), tag, ciphertext],
    ]) {
      expect(() => open(keyring, tampered.join(':'), 'T:T0001')).toThrow(/or the stored value was altered/);
    }
    expect(() => open(keyring, sealed, 'T:T0002')).toThrow(/does not open with key k1/);
    expect(() => open(keyring, [version, id, 'AAAA', tag, ciphertext].join(':'), 'T:T0001')).toThrow(/damaged/);
    expect(() => open(keyring, TOKEN_JSON, 'T:T0001')).toThrow(/not an encrypted value/);
  });
});
