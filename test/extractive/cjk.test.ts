import { describe, expect, it } from 'vitest';
import { verifyBrief } from '../../src/brief/verify.ts';
import { extractiveBrief } from '../../src/extractive/index.ts';
import { CJK_STORIES, storyFixtures } from '../stories/fixtures.ts';

const fixture = (name: string) => {
  const f = storyFixtures({ dir: CJK_STORIES }).find((x) => x.name === name);
  if (!f) throw new Error(name);
  return f.article;
};

describe('offline briefs of Korean and Japanese reports', () => {
  it('briefs the Korean summit report: people with titles, places, dates, the agreement and the next step', () => {
    const article = fixture('summit-ko-1');
    const brief = extractiveBrief(article);
    expect(brief.headline).toBe(article.title);
    expect(brief.who.map((w) => [w.name, w.role])).toEqual([
      ['이재명', '대통령'],
      ['이시바 시게루', '총리'],
      ['도널드 트럼프', '대통령'],
    ]);
    expect(brief.where.map((w) => w.place)).toEqual(
      expect.arrayContaining(['도쿄', '총리관저', '워싱턴', '백악관']),
    );
    expect(brief.when.map((w) => [w.text, w.date])).toEqual([
      ['23일', '2026-08-23'],
      ['25일', '2026-08-25'],
    ]);
    expect(brief.agreements.map((a) => a.evidence)).toEqual([
      '두 정상은 수소와 인공지능(AI) 분야의 협력을 확대하기로 합의했다고 대통령실이 밝혔다.',
      '양국은 셔틀 외교를 이어가고 청년 교류 프로그램을 늘리기로 했다.',
    ]);
    // The press's opinion of the statement is not an agreement.
    expect(brief.agreements.some((a) => a.evidence.includes('평가했다'))).toBe(false);
    expect(brief.nextSteps.map((n) => n.date)).toEqual(['2026-08-25']);
    // Every item survives our own verification: quotes found, names in the article, dates agreed.
    const verified = verifyBrief(brief, [article]);
    expect(verified.dropped).toEqual([]);
    expect(verified.adjustments).toEqual([]);
  });

  it('briefs the Japanese summit report, names run into their titles and full-width dates', () => {
    const article = fixture('summit-ja-1');
    const brief = extractiveBrief(article);
    expect(brief.who.map((w) => [w.name, w.role])).toEqual([
      ['石破茂', '首相'],
      ['李在明', '大統領'],
      ['トランプ', '大統領'],
    ]);
    expect(brief.where.map((w) => w.place)).toEqual(
      expect.arrayContaining(['首相官邸', 'ワシントン', 'ホワイトハウス']),
    );
    expect(brief.when.map((w) => [w.text, w.date])).toEqual([
      ['２３日', '2026-08-23'],
      ['２５日', '2026-08-25'],
    ]);
    expect(brief.agreements.map((a) => a.evidence)).toEqual([
      '両首脳は水素や人工知能（ＡＩ）の分野で協力を拡大することで一致した。',
    ]);
    expect(brief.nextSteps.map((n) => [n.evidence, n.date])).toEqual([
      ['李大統領は２５日にワシントンのホワイトハウスでトランプ大統領と会談する予定だ。', '2026-08-25'],
    ]);
    const verified = verifyBrief(brief, [article]);
    expect(verified.dropped).toEqual([]);
  });

  it('does not take a national team or a government for a person or a place', () => {
    const brief = extractiveBrief(fixture('football-ja-2'));
    expect(brief.who.map((w) => w.name)).toEqual(['森保']);
    expect(extractiveBrief(fixture('port-ja-2')).where.map((w) => w.place)).not.toContain('韓国政府');
  });
});
