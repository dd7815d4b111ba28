import { describe, expect, it } from 'vitest';
import { roleIn } from '../../src/text/roles.ts';

describe('roleIn', () => {
  it.each([
    ['대통령', 'en', 'President'],
    ['大統領', 'ko', '대통령'],
    ['South Korean President', 'ja', '大統領'],
    ['Prime Minister', 'ko', '총리'],
    ['首相', 'en', 'Prime Minister'],
    ['부총리', 'en', 'Deputy Prime Minister'],
    ['Vietnamese Trade Minister', 'ko', '장관'],
    ['총재', 'en', 'Governor'],
    ['知事', 'en', 'Governor'],
  ] as const)('%s in %s is %s', (role, language, expected) => {
    expect(roleIn(role, language)).toBe(expected);
  });

  it('leaves a role in its own language, an ambiguous English title and unknown roles alone', () => {
    expect(roleIn('President', 'en')).toBeNull();
    expect(roleIn('대통령', 'ko')).toBeNull();
    // A province's governor or a central bank's: not guessed.
    expect(roleIn('Governor', 'ko')).toBeNull();
    expect(roleIn('striker', 'ko')).toBeNull();
  });
});
