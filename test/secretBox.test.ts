import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.ts';
import { UserError } from '../src/errors.ts';
import { keyId, parseKey, secretBox } from '../src/secretBox.ts';

describe('secretBox', () => {
  const key = randomBytes(32);

  it('seals with a fresh IV each time and opens what it sealed', () => {
    const box = secretBox([key]);
    const a = box.seal('xoxb-secret');
    const b = box.seal('xoxb-secret');
    expect(a).not.toBe(b);
    expect(a).not.toContain('xoxb');
    expect(a.startsWith(`nb1.${keyId(key)}.`)).toBe(true);
    expect(box.open(a)).toBe('xoxb-secret');
  });

  it('refuses a tampered value or one moved to another key id', () => {
    const box = secretBox([key]);
    const sealed = box.seal('xoxb-secret');
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3] ?? '', 'base64url');
    body[0] = (body[0] ?? 0) ^ 1;
    expect(() => box.open([parts[0], parts[1], parts[2], body.toString('base64url')].join('.'))).toThrow();
    const other = randomBytes(32);
    const both = secretBox([key, other]);
    expect(() => both.open(sealed.replace(keyId(key), keyId(other)))).toThrow();
  });

  it('opens values sealed with an older key listed after the current one', () => {
    const old = secretBox([key]).seal('v');
    expect(secretBox([randomBytes(32), key]).open(old)).toBe('v');
  });
});

describe('parseKey', () => {
  it('takes 32 bytes as base64 or hex and says what is wrong otherwise', () => {
    const key = randomBytes(32);
    expect(parseKey(key.toString('base64'))).toEqual(key);
    expect(parseKey(key.toString('hex'))).toEqual(key);
    expect(parseKey(key.toString('base64url'))).toEqual(key);
    expect(parseKey('too-short')).toMatch(/32 random bytes/);
    expect(parseKey(randomBytes(16).toString('base64'))).toMatch(/32 random bytes/);
  });
});

describe('OAuth configuration', () => {
  const oauth = {
    SLACK_CLIENT_ID: '123.456',
    SLACK_CLIENT_SECRET: 'client-secret',
    SLACK_STATE_SECRET: 'state-secret',
    SLACK_SIGNING_SECRET: 'signing-secret',
    INSTALLATION_KEY: randomBytes(32).toString('base64'),
  };

  it('turns on with SLACK_CLIENT_ID, without a bot token', () => {
    const config = parseConfig(oauth);
    expect(config.slack).toBeNull();
    expect(config.slackOAuth).toMatchObject({ clientId: '123.456', signingSecret: 'signing-secret' });
    expect(config.slackOAuth?.installationKeys).toHaveLength(1);
    expect(parseConfig({}).slackOAuth).toBeNull();
  });

  it('makes a missing or bad INSTALLATION_KEY a clear start-up error', () => {
    expect(() => parseConfig({ ...oauth, INSTALLATION_KEY: '' })).toThrow(
      /INSTALLATION_KEY is required in OAuth mode.*openssl rand -base64 32/,
    );
    expect(() => parseConfig({ ...oauth, INSTALLATION_KEY: 'hunter2' })).toThrow(
      /INSTALLATION_KEY: must be 32 random bytes/,
    );
  });

  it('names every missing piece, and refuses a bot token or an app token alongside', () => {
    let error: unknown;
    try {
      parseConfig({ SLACK_CLIENT_ID: '1', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(UserError);
    const message = (error as Error).message;
    for (const name of [
      'SLACK_CLIENT_SECRET',
      'SLACK_STATE_SECRET',
      'INSTALLATION_KEY',
      'choose one',
      'SLACK_APP_TOKEN',
    ]) {
      expect(message).toContain(name);
    }
  });

  it('accepts several keys: the first seals, all open', () => {
    const keys = [randomBytes(32).toString('hex'), randomBytes(32).toString('base64')].join(',');
    expect(parseConfig({ ...oauth, INSTALLATION_KEY: keys }).slackOAuth?.installationKeys).toHaveLength(2);
  });
});
