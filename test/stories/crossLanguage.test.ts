import { describe, expect, it } from 'vitest';
import {
  languageSignature,
  languageStory,
  sameEventAcrossLanguages,
} from '../../src/stories/crossLanguage.ts';

const at = '2026-08-23T10:00:00Z';
const story = (lang: string, text: string, when = at) =>
  languageStory([{ title: null, text, lang }], { firstAt: when, lastAt: when });

describe('language-neutral signature', () => {
  it('reads days, places, numbers and Latin names the same in Korean, Japanese and English', () => {
    const ko = languageSignature('이재명 대통령은 23일 도쿄에서 인공지능(AI) 협력에 합의했다. 3일간 머문다.');
    const ja = languageSignature('石破首相は２３日、東京で人工知能（ＡＩ）の協力で一致した。３日目。');
    const en = languageSignature('On the 23rd in Tokyo, the leaders agreed on AI.');
    for (const s of [ko, ja, en]) {
      expect([...s.days]).toEqual(['23']);
      expect(s.places.has('tokyo')).toBe(true);
      expect(s.latin.has('ai')).toBe(true);
    }
    expect(ko.subjects).toEqual(ja.subjects);
  });

  it('reads a score the same whichever side a report names first, and skips years', () => {
    expect([...languageSignature('일본을 2-1로 꺾었다. 2026년').numbers]).toEqual(['score 1-2']);
    expect([...languageSignature('韓国に１－２で敗れた').numbers]).toEqual(['score 1-2']);
  });
});

describe('joining reports across languages', () => {
  const summitKo = story(
    'ko',
    '이재명 대통령은 23일 도쿄에서 한일 정상회담을 열고 인공지능(AI) 협력에 합의했다. 25일 워싱턴에서 트럼프 대통령과 만난다.',
  );
  const summitJa = story(
    'ja',
    '石破首相は２３日、李在明大統領と日韓首脳会談を行い、ＡＩで一致した。李大統領は２５日にワシントンへ。',
  );

  it('joins one summit reported in Korean and Japanese, saying why', () => {
    expect(sameEventAcrossLanguages(summitKo, summitJa)?.evidence).toEqual(
      expect.arrayContaining(['day 23', 'day 25', 'ai', 'washington', 'summit']),
    );
  });

  it('keeps apart a same-day event of the same two countries in the same city', () => {
    const festival = story('ja', '日韓交流おまつりが２３日、東京で開幕した。２５日には交流会の公演もある。');
    expect(sameEventAcrossLanguages(summitKo, festival)).toBeNull();
  });

  it('keeps apart reports that name different days, or are days apart, or share a language', () => {
    const football = story('ja', '日韓戦は２２日、東京の国立競技場で行われ、日本は１－２で敗れた。');
    expect(sameEventAcrossLanguages(summitKo, football)).toBeNull();
    const later = story(
      'ja',
      '石破首相は２３日、日韓首脳会談でＡＩとワシントン訪問を語った。２５日。',
      '2026-08-29T10:00:00Z',
    );
    expect(sameEventAcrossLanguages(summitKo, later)).toBeNull();
    expect(
      sameEventAcrossLanguages(summitKo, story('ko', '23일 도쿄 한일 정상회담 AI 25일 워싱턴')),
    ).toBeNull();
  });
});
