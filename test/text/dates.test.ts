import { afterEach, describe, expect, it } from 'vitest';
import {
  clauseTense,
  datelineDay,
  isDateValue,
  publicationDay,
  resolveDate,
  resolveDates,
} from '../../src/text/dates.ts';

// Wednesday 24 September 2025.
const PUB = '2025-09-24';

describe('resolveDate with a publication date', () => {
  it.each([
    ['on Monday', 'past', '2025-09-22'],
    ['on Monday', 'future', '2025-09-29'],
    ['last Tuesday', 'past', '2025-09-23'],
    ['last Tuesday', 'future', '2025-09-23'], // "last" points back even for a next step
    ['on Friday', 'past', '2025-09-19'], // the most recent Friday, not the nearest (the 26th)
    ['on Friday', 'future', '2025-09-26'],
    ['on Wednesday', 'past', '2025-09-24'],
    ['yesterday', 'past', '2025-09-23'],
  ] as const)('%s (%s) → %s', (text, tense, want) => {
    expect(resolveDate(text, PUB, { tense })).toBe(want);
  });

  it.each([
    ['the 23rd', 'past', '2025-09-23'],
    ['on the 23rd', 'future', '2025-10-23'],
    // a past event on a day after publication: the page was updated later, not written last month
    ['on the 25th (local time)', 'past', null],
    ['on the 25th (local time)', 'future', '2025-09-25'],
    ['on the 24th', 'past', '2025-09-24'],
    ['on the 24th', 'future', '2025-09-24'],
    ['the 31st', 'past', null],
    ['the 31st', 'future', '2025-10-31'],
    ['the 23rd of next month', 'past', '2025-10-23'],
  ] as const)('day of month "%s" (%s) → %s', (text, tense, want) => {
    expect(resolveDate(text, PUB, { tense })).toBe(want);
  });

  it('takes the month from the reference even at a year boundary', () => {
    expect(resolveDate('on the 3rd', '2026-01-05', { tense: 'past' })).toBe('2026-01-03');
    expect(resolveDate('on the 2nd', '2025-12-28', { tense: 'future' })).toBe('2026-01-02');
  });

  it.each([
    ['next month', '2025-10'],
    ['last month', '2025-08'],
    ['September 2025', '2025-09'],
    ['in March', '2025-03'],
    ['by 2028', '2028'],
    ['in 2028', '2028'],
    ['mid-2026', '2026'],
    ['September 22, 2025', '2025-09-22'],
    ['22 September 2025', '2025-09-22'],
    ['2025-09-22', '2025-09-22'],
  ])('"%s" → %s', (text, want) => {
    expect(resolveDate(text, PUB)).toBe(want);
  });

  it('reads a month without a year forward in the future tense', () => {
    expect(resolveDate('in March', PUB, { tense: 'future' })).toBe('2026-03');
    expect(resolveDate('in September', PUB, { tense: 'future' })).toBe('2025-09');
  });

  it.each([
    'the 20th century',
    'for the first time in 17 years',
    'last week',
    'over the weekend',
    'at 3 p.m.',
    'in the 1990s',
    'recently',
    'after two hours of talks',
    'in 30 minutes',
    '',
  ])('gives null for "%s", which names no calendar value', (text) => {
    expect(resolveDate(text, PUB)).toBeNull();
  });
});

describe('resolveDate without a publication date', () => {
  it.each(['the 23rd', 'on the 23rd', 'on Monday', 'next month', 'Sept. 22', 'yesterday', 'in March'])(
    'returns null for "%s": no month or year to anchor it',
    (text) => {
      expect(resolveDate(text, null)).toBeNull();
      expect(resolveDate(text, null, { tense: 'future' })).toBeNull();
    },
  );

  it.each([
    ['by 2028', '2028'],
    ['2028', '2028'],
    ['September 2025', '2025-09'],
    ['September 22, 2025', '2025-09-22'],
  ])('still resolves "%s" → %s, which carries its own year', (text, want) => {
    expect(resolveDate(text, null)).toBe(want);
  });

  it('treats an unparseable publication date as unknown', () => {
    expect(resolveDate('on Monday', 'last week')).toBeNull();
  });
});

describe('timezone safety', () => {
  const saved = process.env.TZ;
  afterEach(() => {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  });

  it.each(['UTC', 'Pacific/Kiritimati', 'America/Adak', 'Asia/Kathmandu'])(
    'uses the publication’s own calendar day in %s',
    (tz) => {
      process.env.TZ = tz;
      // 23:30 in New York is already the 25th in UTC; the article's day is still the 24th.
      expect(resolveDate('on Monday', '2025-09-24T23:30:00-04:00')).toBe('2025-09-22');
      expect(resolveDate('the 24th', '2025-09-24T23:30:00-04:00')).toBe('2025-09-24');
      // 00:10 in Seoul is still the 21st in UTC; the article's day is the 22nd (a Monday).
      expect(resolveDate('today', '2025-09-22T00:10:00+09:00')).toBe('2025-09-22');
      expect(publicationDay('2025-09-22T00:10:00+09:00')).toBe('2025-09-22');
    },
  );
});

describe('isDateValue', () => {
  it.each(['2025', '2025-09', '2025-09-22', '2024-02-29'])('accepts %s', (s) => {
    expect(isDateValue(s)).toBe(true);
  });
  it.each(['Sept 22', '2025-9-22', '2025-13', '2025-02-29', '22/09/2025', '2025-09-22T10:00', ''])(
    'rejects %s',
    (s) => {
      expect(isDateValue(s)).toBe(false);
    },
  );
});

describe('issue 14 date regressions', () => {
  it('never moves a past-tense day after publication into the previous month', () => {
    // summit-tokyo.html is dated 2025-08-23 but reports "Lee left Tokyo … on the 24th"
    expect(resolveDate('on the 24th', '2025-08-23T21:40:00+09:00', { tense: 'past' })).toBeNull();
    expect(resolveDate('on the 23rd', '2025-08-23T21:40:00+09:00', { tense: 'past' })).toBe('2025-08-23');
    expect(resolveDate('on the 24th', '2025-08-23T21:40:00+09:00', { tense: 'future' })).toBe('2025-08-24');
  });

  it('resolves that day from a later dateline, and only days up to it', () => {
    const pub = '2025-08-23T21:40:00+09:00';
    const laterDay = datelineDay('SEOUL, Aug. 24 (Yonhap) -- ', pub);
    expect(laterDay).toBe('2025-08-24');
    expect(resolveDate('on the 24th', pub, { tense: 'past', laterDay })).toBe('2025-08-24');
    expect(resolveDate('on the 26th', pub, { tense: 'past', laterDay })).toBeNull();
    expect(resolveDate('on the 20th', pub, { tense: 'past', laterDay })).toBe('2025-08-20');
    // a dateline on or before the publication day, or weeks after it, is no later reference
    expect(datelineDay('SEOUL, Aug. 23 (Yonhap) -- ', pub)).toBeNull();
    expect(datelineDay('SEOUL, Sept. 30 (Yonhap) -- ', pub)).toBeNull();
    expect(datelineDay(null, pub)).toBeNull();
  });

  it('reads a future month after an autumn publication as the coming one', () => {
    expect(resolveDate('in January', '2025-10-20', { tense: 'future' })).toBe('2026-01');
    expect(resolveDate('in January', '2025-10-20', { tense: 'past' })).toBe('2025-01');
  });

  it('reads a season before a year as that year', () => {
    expect(resolveDate('in spring 2027', '2025-11-05', { tense: 'future' })).toBe('2027');
    expect(resolveDate('by late 2026', '2025-11-05')).toBe('2026');
  });

  it('reads "by the end of the year" as this year in either tense', () => {
    expect(resolveDate('before the end of the year', '2025-10-30', { tense: 'future' })).toBe('2025');
    expect(resolveDate('by the end of the year', '2025-10-30', { tense: 'past' })).toBe('2025');
  });

  it('lists every date a sentence gives, in order', () => {
    const s =
      'Lee left Tokyo for Washington on the 24th, where he is scheduled to meet President Donald Trump at the White House on the 25th.';
    expect(resolveDates(s, '2025-08-23', { tense: 'future' })).toEqual(['2025-08-24', '2025-08-25']);
    expect(resolveDates(s, '2025-08-23', { tense: 'past' })).toEqual([]);
    expect(resolveDates('Nothing dated here.', '2025-08-23')).toEqual([]);
  });
});

describe('clauseTense', () => {
  const tenseOf = (sentence: string, expression: string) => {
    const at = sentence.indexOf(expression);
    return clauseTense(sentence, at, at + expression.length);
  };
  it.each([
    [
      'Lee left Tokyo for Washington on the 24th, where he is scheduled to meet Trump on the 25th.',
      'on the 24th',
      'past',
    ],
    [
      'Lee left Tokyo for Washington on the 24th, where he is scheduled to meet Trump on the 25th.',
      'on the 25th',
      'future',
    ],
    [
      'They held their second summit in Tokyo on the 23rd and agreed to respond together.',
      'on the 23rd',
      'past',
    ],
    ['They agreed to begin joint patrols next year.', 'next year', 'future'],
    ['Talks continue in January.', 'in January', null],
    ['Officials said talks on a revised treaty continue in January.', 'in January', null],
    ['Ontario will pay under an agreement signed with the city in June.', 'in June', 'past'],
    ['The agreement will be signed in June.', 'in June', 'future'],
  ] as const)('%s [%s] → %s', (sentence, expression, want) => {
    expect(tenseOf(sentence, expression)).toBe(want);
  });
});
