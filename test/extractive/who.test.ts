import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/extractive/names.ts';
import { findWho, MAX_WHO } from '../../src/extractive/who.ts';

const who = (text: string) => findWho(analyse(text));
const names = (text: string) => who(text).map((w) => w.name);
const roleOf = (text: string, name: string) => who(text).find((w) => w.name === name)?.role;

describe('who', () => {
  it('reads titles before names, drops demonyms from roles, keeps hyphenated Korean names whole', () => {
    const text =
      'President Lee Jae-myung and Japanese Prime Minister Shigeru Ishiba met in Tokyo on Saturday. Lee later left for Washington.';
    expect(names(text)).toEqual(['Lee Jae-myung', 'Shigeru Ishiba']);
    expect(roleOf(text, 'Lee Jae-myung')).toBe('President');
    expect(roleOf(text, 'Shigeru Ishiba')).toBe('Prime Minister');
  });

  it('merges later surname-only and title-plus-surname mentions into the full name', () => {
    const text =
      'Prime Minister Claire Whitfield arrived in Jakarta on Monday. Whitfield said the visit mattered. Later, Prime Minister Whitfield met business leaders, and Whitfield left.';
    const w = who(text);
    expect(w.map((x) => x.name)).toEqual(['Claire Whitfield']);
  });

  it('reads lowercase roles, appositives and "X, chief executive of Y"', () => {
    const text = [
      'Corvane chief executive Elena Marchetti said sales rose.',
      'Her lawyer, Tomás Ferreira, said they would appeal.',
      'The plan was praised by Amina Diallo, executive secretary of the Global Water Council.',
      'Eleni Papadaki, 67, lost her house.',
    ].join(' ');
    expect(roleOf(text, 'Elena Marchetti')).toBe('Corvane chief executive');
    expect(roleOf(text, 'Tomás Ferreira')).toBe('lawyer');
    expect(roleOf(text, 'Amina Diallo')).toBe('executive secretary of the Global Water Council');
    expect(names(text)).toContain('Eleni Papadaki');
    expect(roleOf(text, 'Eleni Papadaki')).toBeNull();
  });

  it('finds organisations by their words, descriptors and acronyms, and merges short forms', () => {
    const text = [
      'The Court of Justice of the European Union ruled on Thursday that the advertising company Adverra broke the law.',
      'Adverra said it disagreed.',
      'The Indian Space Research Organisation launched a probe; ISRO said it was healthy.',
      'Halvorsen Motors recalled cars. Halvorsen said owners would be told.',
    ].join(' ');
    const n = names(text);
    expect(n).toEqual(
      expect.arrayContaining([
        'Court of Justice of the European Union',
        'Adverra',
        'Indian Space Research Organisation',
        'Halvorsen Motors',
      ]),
    );
    expect(n).not.toContain('ISRO');
    expect(n).not.toContain('Halvorsen');
  });

  it('skips reporters, bylines, news agencies and sources such as "analysts at X"', () => {
    const text = [
      'SEOUL, Sept. 23 (Yonhap) -- Trade Minister Park Seo-jin met Chinese Commerce Minister Zhao Minghui in Beijing.',
      'Analysts at Bernstein said the deal was modest.',
      'Reporter Kim Ho-young in Seoul',
      'By Jordan Reyes, City Hall Reporter',
    ].join('\n');
    const n = names(text);
    expect(n).toEqual(['Park Seo-jin', 'Zhao Minghui']);
    expect(roleOf(text, 'Park Seo-jin')).toBe('Trade Minister');
    expect(roleOf(text, 'Zhao Minghui')).toBe('Commerce Minister');
  });

  it('does not take places, months or documents for people', () => {
    const text =
      'Italy and France agreed on Monday to send planes to Greece under the Civil Protection Mechanism Agreement. The General Data Protection Regulation applies.';
    expect(names(text)).toEqual([]);
  });

  it('caps the list and gives verbatim evidence', () => {
    const first = ['Ana', 'Ben', 'Cai', 'Dov', 'Eli', 'Fay', 'Gus', 'Hal', 'Ida', 'Jon', 'Kay', 'Lev'];
    const people = first.map(
      (f, i) =>
        `Minister ${f} ${['Abel', 'Brun', 'Cole', 'Dahl', 'Eng', 'Fox', 'Gray', 'Holm', 'Ives', 'Juhl', 'Kern', 'Lund'][i]}`,
    );
    const text = people.map((p) => `${p} spoke on Monday.`).join(' ');
    const w = who(text);
    expect(w).toHaveLength(MAX_WHO);
    for (const item of w) expect(text.includes(item.evidence)).toBe(true);
  });
});
