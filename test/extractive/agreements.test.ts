import { describe, expect, it } from 'vitest';
import { findAgreements, MAX_AGREEMENTS } from '../../src/extractive/agreements.ts';
import { analyse } from '../../src/extractive/names.ts';
import { findEntities } from '../../src/extractive/who.ts';

const agreements = (text: string) => {
  const a = analyse(text);
  return findAgreements(a, findEntities(a));
};

describe('agreements', () => {
  it('takes sentences with agreement cues and names the parties in them', () => {
    const text = [
      'Indonesian President Budi Santoso and Australian Prime Minister Claire Whitfield agreed on Wednesday to deepen cooperation on maritime security.',
      'Trade between the two neighbours reached A$18 billion last year.',
      'Italy and France agreed to send firefighting planes, the ministry said.',
      'The board approved a $10 billion share buyback.',
    ].join(' ');
    const got = agreements(text);
    expect(got.map((x) => x.parties)).toEqual([
      ['Budi Santoso', 'Claire Whitfield'],
      ['Italy', 'France'],
      [],
    ]);
    expect(got[1]?.statement).toBe('Italy and France agreed to send firefighting planes.');
    for (const x of got) expect(text.includes(x.evidence)).toBe(true);
  });

  it('resolves "the two leaders" only when exactly two leaders were just named', () => {
    const text = [
      'President Lee Jae-myung and Japanese Prime Minister Shigeru Ishiba met in Tokyo.',
      'The two leaders agreed to strengthen strategic communication.',
      'It also agreed to expand cooperation in future industries.',
    ].join(' ');
    const got = agreements(text);
    expect(got.map((x) => x.parties)).toEqual([
      ['Lee Jae-myung', 'Shigeru Ishiba'],
      ['Lee Jae-myung', 'Shigeru Ishiba'],
    ]);
  });

  it('leaves parties empty when "the two leaders" is ambiguous', () => {
    const text = [
      'President Ana Silva, Prime Minister Ben Okoro and Chancellor Carl Weber met in Geneva.',
      'The two leaders agreed to meet again.',
    ].join(' ');
    expect(agreements(text).map((x) => x.parties)).toEqual([[]]);
  });

  it('ignores refusals, hypotheticals, opinions, cues inside quotes and agreement nouns without a verb', () => {
    const text = [
      'Cardoso has ruled out a formal coalition with Chega.',
      'The union warned of further action if no deal is reached.',
      'The association welcomed the agreement.',
      '"We agreed on nothing," the envoy said.',
      'Negotiations on a defence agreement had made progress.',
      'India objected to the way the decision was adopted.',
    ].join(' ');
    expect(agreements(text)).toEqual([]);
  });

  it('accepts an agreement noun with a concluding verb and drops near-duplicates', () => {
    const text = [
      'The deal, struck after 30 hours of talks, calls on all countries to raise finance.',
      'The leaders agreed to strengthen strategic communication, saying it mattered.',
      'The two leaders agreed to strengthen strategic communication, agreeing that times had changed.',
    ].join(' ');
    expect(agreements(text)).toHaveLength(2);
  });

  it('caps the list', () => {
    const text = Array.from(
      { length: 9 },
      (_, i) => `Team ${'ABCDEFGHI'[i]} signed contract number ${i + 1}.`,
    ).join(' ');
    expect(agreements(text).length).toBeLessThanOrEqual(MAX_AGREEMENTS);
  });
});
