import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/extractive/names.ts';
import { findWhen } from '../../src/extractive/when.ts';

const when = (text: string, publishedAt: string | null) =>
  findWhen(analyse(text), publishedAt).map((w) => [w.text, w.date]);

describe('when', () => {
  it('resolves weekdays by tense against the publication date (2025-03-12 is a Wednesday)', () => {
    const text =
      'The leaders agreed on Wednesday to cooperate. Talks began late on Monday. The ministers will meet on Thursday. They play Newcastle on Saturday.';
    expect(when(text, '2025-03-12T09:30:00+07:00')).toEqual([
      ['on Wednesday', '2025-03-12'],
      ['late on Monday', '2025-03-10'],
      ['on Thursday', '2025-03-13'],
      ['on Saturday', '2025-03-15'],
    ]);
  });

  it('reads "the 23rd", months and years, and never invents a date without a publication date', () => {
    const text =
      'The leaders met in Tokyo on the 23rd. A summit follows on the 25th. The rules take effect in March. Patrols will start by 2028.';
    expect(when(text, null)).toEqual([
      ['on the 23rd', null],
      ['on the 25th', null],
      ['in March', null],
      ['by 2028', '2028'],
    ]);
    expect(when(text, '2025-08-24')).toEqual([
      ['on the 23rd', '2025-08-23'],
      ['on the 25th', '2025-08-25'],
      // present tense reads as a schedule: the next March after August 2025
      ['in March', '2026-03'],
      ['by 2028', '2028'],
    ]);
  });

  it('reads period phrases as the calendar unit they sit in', () => {
    const text =
      'The committee will meet before the end of the year. The bill should pass in the first half of 2026. Work starts in spring 2027.';
    expect(when(text, '2025-06-04')).toEqual([
      ['before the end of the year', '2025'],
      ['in the first half of 2026', '2026'],
      ['in spring 2027', '2027'],
    ]);
  });

  it('skips durations, times of day, quotes, the dateline, "since" and old background', () => {
    const text = [
      'SEOUL, Sept. 23 (Yonhap) -- The talks lasted two hours and ended at 2:35 p.m. on Tuesday.',
      'It was the first time in 17 years that leaders met, and turnout was the highest since 2005.',
      'She has led the party since she took office in October.',
      '"We will finish this next week," he said.',
      'The treaty dates back to a declaration in 1998.',
    ].join('\n');
    expect(when(text, '2025-09-23T15:10:00+09:00')).toEqual([['at 2:35 p.m. on Tuesday', '2025-09-23']]);
  });

  it('keeps every evidence a verbatim sentence of the text', () => {
    const text = 'The board met on Monday. It will report by the end of 2026.';
    for (const w of findWhen(analyse(text), '2025-01-06')) expect(text.includes(w.evidence)).toBe(true);
  });
});
