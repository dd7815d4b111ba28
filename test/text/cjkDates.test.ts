import { describe, expect, it } from 'vitest';
import { findCjkDates, resolveCjkDate } from '../../src/text/cjkDates.ts';
import { resolveDate } from '../../src/text/dates.ts';

const PUB = '2026-08-23T09:10:00Z';

describe('Korean and Japanese dates', () => {
  it.each([
    ['23일', 'past', '2026-08-23'],
    ['２３日', 'past', '2026-08-23'],
    ['25일(현지시간)', 'future', '2026-08-25'],
    ['２５日', 'future', '2026-08-25'],
    // A future day before the publication day is next month's.
    ['5일', 'future', '2026-09-05'],
    // A past day after the publication day names no month we can tell.
    ['25일', 'past', null],
    ['8월 25일', 'future', '2026-08-25'],
    ['1月10日', 'future', '2027-01-10'],
    ['1月10日', 'past', '2026-01-10'],
    ['2025년 3월 1일', 'past', '2025-03-01'],
    ['10월', 'future', '2026-10'],
    ['１月', 'future', '2027-01'],
    ['다음 달', 'future', '2026-09'],
    ['来月', 'future', '2026-09'],
    ['내년', 'future', '2027'],
    ['来年', 'future', '2027'],
    ['지난해', 'past', '2025'],
    ['昨日', 'past', '2026-08-22'],
    ['2028년', 'future', '2028'],
  ] as const)('%s (%s) → %s', (text, tense, date) => {
    expect(resolveCjkDate(text, PUB, tense)).toBe(date);
    // The verifier resolves through resolveDate: it must read them the same way.
    expect(resolveDate(text, PUB, { tense })).toBe(date);
  });

  it('finds each expression in a sentence with offsets into it, and not a count of days', () => {
    const sentence = '李大統領は２５日にワシントンでトランプ大統領と会談する予定だ。';
    expect(findCjkDates(sentence)).toEqual([{ text: '２５日', start: 5, end: 8 }]);
    expect(findCjkDates('파업이 3일째 이어졌다')).toEqual([]);
    expect(findCjkDates('ストライキが３日目に入った')).toEqual([]);
    expect(findCjkDates('100일 동안')).toEqual([]);
  });
});
