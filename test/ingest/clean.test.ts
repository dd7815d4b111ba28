import { describe, expect, it } from 'vitest';
import { cleanText } from '../../src/ingest/clean.ts';

const lines = (s: string) => cleanText(s).split(/\n+/);

describe('cleanText removes page residue', () => {
  it.each([
    [
      'UI strings',
      [
        '사진 확대',
        '写真を拡大',
        'Enlarge this image',
        'Advertisement',
        'Share',
        'Click to expand',
        'toggle caption',
      ],
    ],
    [
      'photo credits',
      [
        'Photo by Jane Roe / Reuters',
        '(AP Photo/Eugene Hoshiko)',
        'Getty Images',
        'Photo: David Kim, AP',
        '(Image credit: NASA/JPL)',
        'Image 1 of 9',
        'Kim Ho-young / Yonhap',
      ],
    ],
    [
      'bylines and reporter lines',
      [
        'Reporter Kim Ho-young in Tokyo',
        '[Tokyo Reporter Oh Soo-hyun / Correspondent Lee Seung-hoon]',
        'By Jane Doe, Staff Writer',
        'By JANE DOE and JOHN ROE',
        'Tom Baker, Associated Press',
        '김서연 기자',
        '(Reporting by Jane Roe; Editing by John Doe)',
      ],
    ],
    [
      'timestamps',
      [
        'Updated 3:45 PM',
        'Published 4:00 am CST, Wednesday, November 20, 2019',
        'Nov. 20, 2019 5:52 AM EST',
        'Posted on March 30, 2015 by Admin',
        'Last updated: 2025-08-23 14:05',
      ],
    ],
    [
      'site trailers and promotion',
      [
        'AloJapan.com',
        '© 2025 The Harbor Ledger. All rights reserved.',
        'Copyright 2019 Hawaii News Now',
        'Subscribe to our newsletter for the latest news',
        'Sign up for the Morning Briefing newsletter here.',
        'Read more: What to expect from the Tokyo summit',
        'Related: Won and yen slip as tariff talks drag on',
        'You may also like',
        'Follow her on Twitter @janedoe.',
        'ⓒ 남해일보 무단전재 및 재배포 금지',
      ],
    ],
  ])('%s', (_kind, noise) => {
    const body = 'The council approved the budget on Tuesday after a long debate.';
    const text = [body, ...noise, body.replace('Tuesday', 'Wednesday')].join('\n');
    expect(lines(text)).toEqual([body, body.replace('Tuesday', 'Wednesday')]);
  });
});

describe('cleanText keeps the article', () => {
  it.each([
    'By the time the talks ended, both sides had agreed to meet again in March.',
    'By Friday, the agency had restored power to most homes.',
    'Updated figures will be published by the statistics office next week.',
    'Share prices rose 3% after the announcement.',
    'Advertisement revenue fell sharply in the third quarter.',
    'The photo, taken by a Reuters photographer, shows the two leaders shaking hands.',
    'Reporters were not allowed into the room.',
    'Subscribers to the service will pay more from January.',
    'Copyright law was not part of the agreement, officials said.',
    'Read the full statement on the ministry website, the spokesman said.',
    'May 5 is a public holiday in both countries.',
    'The meeting lasted from 9:00 a.m. to noon on Tuesday.',
    '“We must cooperate together for the common good,” Lee said.',
    'Kim Ho-young, a reporter in Tokyo, said the mood was calm.',
    'In Tokyo, Reporter Kim asked the minister about the deadline.',
    'Register of Copyrights Shira Perlmutter said on Monday that the office would review the rules.',
    "Follow-up talks on Facebook's data practices will be held in May.",
    'The FTC said influencers must disclose affiliate links in every post.',
    'Photo agencies said the ban would hurt freelance photographers.',
    'Day 1',
  ])('%s', (sentence) => {
    expect(cleanText(sentence)).toBe(sentence);
  });

  it('keeps paragraphs separated by one blank line and lines within them', () => {
    expect(cleanText('First paragraph.\n\n\n\nSecond, line one.\nSecond, line two.\n')).toBe(
      'First paragraph.\n\nSecond, line one.\nSecond, line two.',
    );
  });

  it('keeps lines that repeat further apart (lists, recipes)', () => {
    const text =
      'Day 1\nOne cup of oats with berries and milk.\nDay 2\nOne cup of oats with berries and milk.';
    expect(cleanText(text)).toBe(text);
  });
});

describe('cleanText collapses duplicated captions', () => {
  const caption =
    'President Lee (left) and Prime Minister Ishiba shake hands in Tokyo on the 23rd. The leaders agreed to strengthen communication, saying, "We must cooperate," and issued a joint statement.';
  const curly = caption.replace('"We must cooperate,"', '“We must cooperate,”');

  it('keeps one copy of a caption repeated around a UI string, with curly and straight quotes', () => {
    const out = cleanText(
      `${caption} Reporter Kim Ho-young in Tokyo 사진 확대 ${curly} Reporter Kim Ho-young in Tokyo`,
    );
    expect(out).toBe(caption);
  });

  it('keeps one copy of a caption printed twice in a row', () => {
    expect(cleanText(`${caption} ${curly}`)).toBe(caption);
    expect(cleanText(`${caption}\n${curly}\nThe talks lasted two hours.`)).toBe(
      `${caption}\nThe talks lasted two hours.`,
    );
  });

  it('strips a credit glued to the end of a caption but keeps the caption text', () => {
    expect(cleanText('Crowds gather outside the station on Monday. (AP Photo/Jae C. Hong)')).toBe(
      'Crowds gather outside the station on Monday.',
    );
  });
});
