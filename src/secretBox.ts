import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/*
 * Tokens at rest: AES-256-GCM, a random 12-byte IV per value, the GCM tag checked on every read.
 * A stored value names the key that sealed it ("nb1.<key id>.<iv>.<ciphertext+tag>"), so a new key
 * can be put first in INSTALLATION_KEY while older values still open with the keys after it.
 */

const VERSION = 'nb1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface SecretBox {
  seal(plain: string): string;
  /** Throws when the value was sealed with a key we do not hold, or was tampered with. */
  open(sealed: string): string;
}

/**
 * Parses one key: 32 bytes as base64 (44 chars) or hex (64 chars). Returns a message saying what
 * is wrong rather than throwing, so the config can list every problem at once.
 */
export function parseKey(text: string): Buffer | string {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return Buffer.from(t, 'hex');
  if (/^[A-Za-z0-9+/_-]{42,43}={0,2}$/.test(t)) {
    const key = Buffer.from(t.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (key.length === 32) return key;
  }
  return 'must be 32 random bytes as base64 or hex (make one with `openssl rand -base64 32`)';
}

/** A short, stable name for a key that reveals nothing useful about it. */
export function keyId(key: Buffer): string {
  return createHash('sha256').update('newsbrief-key-id').update(key).digest('hex').slice(0, 8);
}

/** The first key seals; every key opens what it sealed. */
export function secretBox(keys: readonly Buffer[]): SecretBox {
  const [current] = keys;
  if (!current || keys.some((k) => k.length !== 32)) throw new Error('secretBox needs 32-byte keys');
  const byId = new Map(keys.map((k) => [keyId(k), k]));
  const currentId = keyId(current);
  return {
    seal(plain) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', current, iv);
      // The version and key id are authenticated too: moving a value to another key id fails.
      cipher.setAAD(Buffer.from(`${VERSION}.${currentId}`));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return `${VERSION}.${currentId}.${iv.toString('base64url')}.${body.toString('base64url')}`;
    },
    open(sealed) {
      const [version, id, ivText, bodyText, extra] = sealed.split('.');
      if (version !== VERSION || !id || !ivText || !bodyText || extra !== undefined) {
        throw new Error('not a sealed value');
      }
      const key = byId.get(id);
      if (!key) throw new Error(`sealed with key ${id}, which INSTALLATION_KEY does not hold`);
      const body = Buffer.from(bodyText, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(ivText, 'base64url'));
      decipher.setAAD(Buffer.from(`${version}.${id}`));
      decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
      return Buffer.concat([
        decipher.update(body.subarray(0, body.length - TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
    },
  };
}
